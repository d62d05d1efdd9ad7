package schedcheck.model.reference;

import static schedcheck.model.reference.RefShape.U_SERVER;

/**
 * What both UMCG reference semantics ({@link UmcgRef}, the rework; {@link UmcgRefV091}) read
 * and write the same way: a task's UMCG words, its server, whether it exited, and a system
 * call's return. The semantics themselves stay separate classes, one per version.
 */
abstract class UmcgRefBase {
  static final int NONE = 0;
  static final int RUNNING = 1;
  static final int BLOCKED = 3;
  static final int SERVER = 1;
  static final int WORKER = 2;
  static final int PHASE_IO = 1;
  static final int PHASE_WAIT = 2;

  final ReferenceModel m;
  final RefShape shape;

  UmcgRefBase(ReferenceModel m, RefShape shape) {
    this.m = m;
    this.shape = shape;
  }

  final int u(int t, int f) {
    return m.w[shape.u(t, f)];
  }

  final void setU(int t, int f, int v) {
    m.w[shape.u(t, f)] = v;
  }

  /** t's server (a server is its own), or -1. */
  final int server(int t) {
    int s = u(t, U_SERVER) - 1;
    return s >= 0 && s < shape.tasks ? s : -1;
  }

  final boolean exited(int t) {
    return m.flag(t, RefShape.F_EXITED);
  }

  /** Ends t's system call with r in reg. */
  final RefStep.Kind done(int t, int reg, int r) {
    m.setReg(t, reg, r);
    m.advance(t);
    m.note("returns " + r);
    return RefStep.Kind.SYSCALL;
  }
}
