package schedcheck.api;

/** {@code kernel.detail}: what one step of the search is. */
public enum Detail {
  /** The kernel's own small steps (the default): for kernel work, with its spinlocks and races. */
  STEPS,
  /**
   * One atomic step per system call (the reference semantics, the kernel assumed correct, so
   * kernel variants do not apply): for user-space protocols, with far smaller state spaces.
   */
  SYSCALL;

  String word() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
