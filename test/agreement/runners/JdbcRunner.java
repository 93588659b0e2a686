// Agreement runner for MariaDB Connector/J (JDBC): one case a line on stdin, a JSON object
// { "id": ..., "url": ..., "user": ..., "password": ... }; for each, DriverManager.getConnection,
// SELECT 1, close, and one JSON line out: { "id": ..., "ok": true } or { "id", "ok": false, "error" }.
// Built once by test/agreement/clients-java.ts (javac) with the driver's jar on the class path.
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

public class JdbcRunner {
  public static void main(String[] args) throws Exception {
    DriverManager.setLoginTimeout(10);
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      if (line.trim().isEmpty()) continue;
      String id = field(line, "id");
      String answer;
      try {
        run(field(line, "url"), field(line, "user"), field(line, "password"));
        answer = "{\"id\":" + quote(id) + ",\"ok\":true}";
      } catch (Throwable e) {
        answer = "{\"id\":" + quote(id) + ",\"ok\":false,\"error\":" + quote(describe(e)) + "}";
      }
      System.out.println(answer);
      System.out.flush();
    }
  }

  private static void run(String url, String user, String password) throws Exception {
    try (Connection c = DriverManager.getConnection(url, user, password);
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT 1")) {
      if (!r.next() || r.getInt(1) != 1) throw new IllegalStateException("SELECT 1 gave no 1");
    }
  }

  /** The exception's message and, where it adds something, its causes (the TLS reason is often there). */
  private static String describe(Throwable e) {
    StringBuilder b = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (b.length() > 0) b.append(" | cause: ");
      b.append(t.getClass().getSimpleName()).append(": ").append(String.valueOf(t.getMessage()).replace('\n', ' '));
      if (t.getCause() == t) break;
    }
    return b.toString();
  }

  /** The string value of one top-level key of a flat JSON object (the runner's items are flat). */
  private static String field(String json, String key) {
    String needle = "\"" + key + "\":";
    int at = json.indexOf(needle);
    if (at < 0) return null;
    int i = at + needle.length();
    while (i < json.length() && json.charAt(i) == ' ') i++;
    if (i >= json.length() || json.charAt(i) != '"') return null;
    StringBuilder out = new StringBuilder();
    for (i++; i < json.length(); i++) {
      char ch = json.charAt(i);
      if (ch == '"') return out.toString();
      if (ch != '\\') {
        out.append(ch);
        continue;
      }
      char esc = json.charAt(++i);
      switch (esc) {
        case 'n': out.append('\n'); break;
        case 't': out.append('\t'); break;
        case 'r': out.append('\r'); break;
        case 'b': out.append('\b'); break;
        case 'f': out.append('\f'); break;
        case 'u': out.append((char) Integer.parseInt(json.substring(i + 1, i + 5), 16)); i += 4; break;
        default: out.append(esc);
      }
    }
    return out.toString();
  }

  private static String quote(String s) {
    if (s == null) return "null";
    StringBuilder b = new StringBuilder("\"");
    for (char ch : s.toCharArray()) {
      if (ch == '"' || ch == '\\') b.append('\\').append(ch);
      else if (ch < 0x20) b.append(String.format("\\u%04x", (int) ch));
      else b.append(ch);
    }
    return b.append('"').toString();
  }
}
