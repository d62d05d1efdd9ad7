package schedcheck.app;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * What each file of one {@code check} run came to, for the summary line at the end of a
 * multi-file run and for {@code --junit FILE} (JUnit XML: one test case per scenario file).
 */
final class RunLog {
  /**
   * One file's outcome.
   *
   * @param verdict {@code holds}, {@code violated: P}, {@code incomplete}, {@code error}, {@code not checked}
   * @param expected the file's expect as written, or null
   * @param mismatch whether the verdict differs from the expect
   * @param detail the first lines of the report, or the error
   */
  record Entry(String file, String verdict, String expected, boolean mismatch, double seconds, String detail) {}

  private final List<Entry> entries = new ArrayList<>();

  void add(Entry e) {
    entries.add(e);
  }

  List<Entry> entries() {
    return entries;
  }

  /** E.g. {@code summary: 3 files: 2 violated, 1 holds; 0 mismatches, 0 errors}. */
  String summary() {
    int violated = 0;
    int holds = 0;
    int incomplete = 0;
    int errors = 0;
    int notChecked = 0;
    int mismatches = 0;
    for (Entry e : entries) {
      if (e.verdict().startsWith("violated")) {
        violated++;
      } else if (e.verdict().equals("holds")) {
        holds++;
      } else if (e.verdict().equals("incomplete")) {
        incomplete++;
      } else if (e.verdict().equals("not checked")) {
        notChecked++;
      } else {
        errors++;
      }
      if (e.mismatch()) {
        mismatches++;
      }
    }
    List<String> parts = new ArrayList<>();
    parts.add(violated + " violated");
    parts.add(holds + " holds");
    parts.add(incomplete + " incomplete");
    if (notChecked > 0) {
      parts.add(notChecked + " not checked");
    }
    return "summary: " + entries.size() + (entries.size() == 1 ? " file: " : " files: ") + String.join(", ", parts)
        + "; " + mismatches + (mismatches == 1 ? " mismatch" : " mismatches") + " against expect, " + errors
        + (errors == 1 ? " error" : " errors");
  }

  /**
   * Writes JUnit XML: a {@code testsuite} "schedcheck" with one {@code testcase} per file
   * (classname the file's directory, name the file); a mismatch against {@code expect}, or a
   * violation of a file without one, is a {@code failure}; bad input and internal errors are
   * {@code error}s; {@code incomplete} without an expect is {@code skipped}.
   */
  void writeJUnit(Path target) throws IOException {
    try {
      Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().newDocument();
      Element suite = doc.createElement("testsuite");
      doc.appendChild(suite);
      int failures = 0;
      int errors = 0;
      int skipped = 0;
      double total = 0;
      for (Entry e : entries) {
        Element tc = doc.createElement("testcase");
        Path p = Path.of(e.file());
        tc.setAttribute("classname", p.getParent() == null ? "." : p.getParent().toString());
        tc.setAttribute("name", p.getFileName().toString());
        tc.setAttribute("time", String.format(Locale.ROOT, "%.3f", e.seconds()));
        total += e.seconds();
        boolean error = !(e.verdict().startsWith("violated") || e.verdict().equals("holds")
            || e.verdict().equals("incomplete") || e.verdict().equals("not checked"));
        if (error) {
          Element x = doc.createElement("error");
          x.setAttribute("message", e.detail().lines().findFirst().orElse(e.verdict()));
          x.setTextContent(e.detail());
          tc.appendChild(x);
          errors++;
        } else if (e.mismatch() || (e.expected() == null && e.verdict().startsWith("violated"))) {
          Element x = doc.createElement("failure");
          x.setAttribute("message", e.mismatch() ? e.verdict() + ", expected " + e.expected() : e.verdict());
          x.setAttribute("type", e.mismatch() ? "mismatch" : "violation");
          x.setTextContent(e.detail());
          tc.appendChild(x);
          failures++;
        } else if (e.verdict().equals("not checked") || (e.expected() == null && e.verdict().equals("incomplete"))) {
          Element x = doc.createElement("skipped");
          x.setAttribute("message", e.verdict());
          tc.appendChild(x);
          skipped++;
        }
        Element out = doc.createElement("system-out");
        out.setTextContent(e.verdict() + (e.expected() == null ? "" : " (expect: " + e.expected() + ")"));
        tc.appendChild(out);
        suite.appendChild(tc);
      }
      suite.setAttribute("name", "schedcheck");
      suite.setAttribute("tests", String.valueOf(entries.size()));
      suite.setAttribute("failures", String.valueOf(failures));
      suite.setAttribute("errors", String.valueOf(errors));
      suite.setAttribute("skipped", String.valueOf(skipped));
      suite.setAttribute("time", String.format(Locale.ROOT, "%.3f", total));
      var tf = TransformerFactory.newInstance().newTransformer();
      tf.setOutputProperty(OutputKeys.INDENT, "yes");
      tf.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
      StringWriter w = new StringWriter();
      tf.transform(new DOMSource(doc), new StreamResult(w));
      Path parent = target.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(target, w.toString());
    } catch (ParserConfigurationException | TransformerException e) {
      throw new IOException("cannot write JUnit XML: " + e.getMessage(), e);
    }
  }
}
