import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Load for benchmarks/dashboard-cpu.sh: GreenMail as the upstream POP3 server, SESSIONS logged-in POP3 sessions held
 * open through Mamori (a NOOP on each every 10 s: GreenMail drops an idle connection within a minute), and one retrieval every RETR_INTERVAL seconds, alternating an
 * EICAR message and a clean one, so the dashboard has live detections to show.
 *
 *   java -cp GREENMAIL_CLASSPATH DashboardLoad.java UPSTREAM_PORT MAMORI_PORT SESSIONS RETR_INTERVAL_SECONDS
 *
 * Prints "ready N" once every session is open, then one line per minute; runs until killed.
 */
public final class DashboardLoad {
    public static void main(String[] args) throws Exception {
        int upstreamPort = Integer.parseInt(args[0]);
        int mamoriPort = Integer.parseInt(args[1]);
        int sessions = Integer.parseInt(args[2]);
        double retrInterval = Double.parseDouble(args[3]);

        GreenMail greenMail = new GreenMail(new ServerSetup(upstreamPort, "127.0.0.1", ServerSetup.PROTOCOL_POP3));
        greenMail.start();
        String eicar = "X5O!P%@AP[4\\PZX54(P^)7CC)7}$" + "EICAR-STANDARD-ANTIVIRUS" + "-TEST-FILE!" + "$H+H*";
        greenMail.setUser("eicar@example.com", "eicar", "pw").deliver(GreenMailUtil.newMimeMessage(
                message("Invoice overdue", "application/octet-stream", "invoice.com", eicar)));
        greenMail.setUser("clean@example.com", "clean", "pw").deliver(GreenMailUtil.newMimeMessage(
                message("Minutes of the meeting", "text/plain", "minutes.txt", "Agreed: ship on Friday.\r\n".repeat(200))));
        for (int i = 0; i < sessions; i++) {
            greenMail.setUser("u" + i + "@example.com", "u" + i, "pw").deliver(GreenMailUtil.newMimeMessage(
                    message("hello " + i, "text/plain", "note.txt", "hello\r\n")));
        }

        List<Session> open = new ArrayList<>();
        for (int i = 0; i < sessions; i++) {
            open.add(Session.login(mamoriPort, "u" + i, upstreamPort));
        }
        System.out.println("ready " + open.size());
        System.out.flush();

        long nextNoop = System.nanoTime() + 10_000_000_000L;
        long nextReport = System.nanoTime() + 60_000_000_000L;
        long retrievals = 0;
        int alive = open.size();
        long failures = 0;
        while (true) {
            Thread.sleep((long) (retrInterval * 1000));
            try (Session s = Session.login(mamoriPort, retrievals % 2 == 0 ? "eicar" : "clean", upstreamPort)) {
                s.retr(1);
                retrievals++;
            } catch (IOException e) {
                failures++;
                System.out.println("retrieval failed: " + e.getMessage());
            }
            if (System.nanoTime() > nextNoop) {
                alive = 0;
                for (Session s : open) {
                    try {
                        s.command("NOOP");
                        alive++;
                    } catch (IOException e) {
                        if (failures++ == 0) {
                            System.out.println("a held session failed: " + e);
                        }
                    }
                }
                nextNoop = System.nanoTime() + 10_000_000_000L;
                if (System.nanoTime() > nextReport) {
                    System.out.println("sessions open " + alive + ", retrievals " + retrievals + ", failures " + failures);
                    System.out.flush();
                    nextReport = System.nanoTime() + 60_000_000_000L;
                }
            }
        }
    }

    private static String message(String subject, String type, String name, String content) {
        return "From: sender@example.org\r\nTo: user@example.com\r\nSubject: " + subject + "\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nSee attachment.\r\n"
                + "--b\r\nContent-Type: " + type + "; name=\"" + name + "\"\r\nContent-Disposition: attachment; filename=\""
                + name + "\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + Base64.getMimeEncoder().encodeToString(content.getBytes(StandardCharsets.US_ASCII)) + "\r\n--b--\r\n";
    }

    private record Session(Socket socket, BufferedReader in, OutputStream out) implements AutoCloseable {
        static Session login(int mamoriPort, String user, int upstreamPort) throws IOException {
            Socket socket = new Socket("127.0.0.1", mamoriPort);
            socket.setSoTimeout(60_000);
            Session s = new Session(socket, new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.ISO_8859_1)), socket.getOutputStream());
            s.expectOk();
            s.command("USER " + user + "#127.0.0.1:" + upstreamPort);
            s.command("PASS pw");
            return s;
        }

        void command(String line) throws IOException {
            out.write((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            expectOk();
        }

        void retr(int n) throws IOException {
            command("RETR " + n);
            for (String line; (line = in.readLine()) != null; ) {
                if (line.equals(".")) {
                    return;
                }
            }
            throw new IOException("connection closed during RETR");
        }

        private void expectOk() throws IOException {
            String reply = in.readLine();
            if (reply == null || !reply.startsWith("+OK")) {
                throw new IOException("server said: " + reply);
            }
        }

        @Override
        public void close() throws IOException {
            try {
                command("QUIT");
            } finally {
                socket.close();
            }
        }
    }
}
