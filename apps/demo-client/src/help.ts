import { ExitCode } from "./exit-codes.js";
import { VERSION } from "./version.js";

/** The text of `hyperwire --help`. */
export function helpText(): string {
  return `Usage: hyperwire [options] URL

A curl-like command on @hyperwire/client. A URL without a scheme means http://.

Request
  -X, --request METHOD        method to use (default GET, or POST with -d/-F, HEAD with -I)
  -H, --header "Name: value"  add a field (repeatable); "Name:" removes a default, "Name;" sends it empty
  -d, --data DATA             send DATA as application/x-www-form-urlencoded; @file reads a file
                              (CR and LF dropped), @- reads stdin; several -d are joined with &
      --data-binary DATA      like -d but @file is sent byte for byte
      --data-raw DATA         like -d but @ has no meaning
  -F, --form name=value       multipart/form-data field; name=@file uploads a file
                              (;type=media/type ;filename=name), name=<file reads a field value
  -A, --user-agent TEXT       User-Agent (default hyperwire/${VERSION})
  -e, --referer URL           Referer
  -r, --range RANGE           ask for a byte range, e.g. 0-99 or 100- (Range: bytes=RANGE)
  -u, --user USER:PASSWORD    Basic authentication (sent with the first request)
      --digest                with -u: answer the server's Digest challenge instead
  -b, --cookie DATA|FILE      send cookies: "a=1; b=2" as is, or load a Netscape cookie file
  -c, --cookie-jar FILE       write all cookies to FILE (Netscape format) afterwards; - is stdout
      --compressed            ask for gzip, deflate or br and decode the response
      --http1.0               send HTTP/1.0 requests (bodies need a known length)

Connection
  -L, --location              follow redirects
      --max-redirs N          at most N redirects with -L (default 50)
  -x, --proxy [http[s]://]HOST:PORT  send through this HTTP proxy (https: speaks TLS to it)
  -U, --proxy-user USER:PASSWORD  proxy credentials, sent as Basic; a Digest challenge is answered
      --proxy-digest          with -U: send them only in answer to the proxy's challenge
  -k, --insecure              do not verify TLS certificates (the server's and an https proxy's)
      --connect-timeout SECS  longest time to open a connection (TCP and TLS)
  -m, --max-time SECS         longest time for the whole transfer
      --retry N               retry transient failures (connect, 408, 429, 5xx) up to N times

Output
  -o, --output FILE           write the body to FILE (a progress bar shows on a terminal)
  -O, --remote-name           write the body to a file named like the URL's last path segment
  -i, --include               print the response head before the body
  -I, --head                  send HEAD and print the response head only
  -f, --fail                  print nothing and exit 22 when the status is 400 or above
  -s, --silent                no progress bar, no error messages
  -S, --show-error            with -s: still print error messages
  -v, --verbose               show the session on stderr: > sent, < received, * connection, TLS, timings
  -w, --write-out FORMAT      print FORMAT after the transfer; @file reads it from a file. Variables:
                              %{http_code} %{time_total} %{time_namelookup} %{time_connect}
                              %{time_appconnect} %{time_starttransfer} %{size_download}
                              %{size_header} %{url_effective} %{num_redirects} %{content_type}
                              %{exitcode}; escapes \\n \\t \\r
  -h, --help                  this text
  -V, --version               print the version

Short options cluster (-sSL, -XPOST, -ofile). Colors only on a terminal, never with NO_COLOR set.

Exit codes
  ${ExitCode.OK}   success
  ${ExitCode.FAILURE}   any other failure (protocol error, truncated response…)
  ${ExitCode.USAGE}   usage error: unknown option, missing value, malformed URL
  ${ExitCode.CONNECT}   could not connect (refused, unreachable, DNS)
  ${ExitCode.HTTP_ERROR}  --fail and the status was 400 or above
  ${ExitCode.WRITE_ERROR}  could not write the output
  ${ExitCode.TIMEOUT}  timed out (--connect-timeout, --max-time)
  ${ExitCode.TLS}  TLS handshake failed (e.g. certificate not trusted: try -k)
  ${ExitCode.TOO_MANY_REDIRECTS}  too many redirects (--max-redirs) or a redirect loop
`;
}
