package schedcheck.checker;

import java.util.List;

/** A search strategy over any {@link Model}. */
public interface Search {

  /** A short name, e.g. {@code bfs}. */
  String name();

  <S, A> SearchResult run(
      Model<S, A> model, List<? extends Property<S, A>> properties, Limits limits, Progress progress);
}
