package schedcheck.model.scenario;

/** The UMCG statements of the language (an extension, docs/umcg.md). */
public final class Umcg {
  private Umcg() {}

  /** Whether {@code st} is one of the UMCG statements (or block_io / complete_io). */
  public static boolean isUmcg(Stmt st) {
    return st instanceof Stmt.UmcgCtl || st instanceof Stmt.UmcgWait || st instanceof Stmt.UmcgKick
        || st instanceof Stmt.UmcgPop || st instanceof Stmt.UmcgState || st instanceof Stmt.UmcgRunnable
        || st instanceof Stmt.BlockIo || st instanceof Stmt.CompleteIo;
  }
}
