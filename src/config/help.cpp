#include "s3sandbox/config/config.hpp"

namespace s3sandbox::config {

std::string help_text() {
  return R"(s3sandbox - a local S3-compatible server for testing presigned URL flows

Usage: s3sandbox [options]
       s3sandbox explain URL [--method M] [--header 'K: V']... [--credential AK:SK] [--json]
                           explain a presigned URL offline (s3sandbox explain --help)

Options (each also settable through the environment variable shown):
  --listen HOST:PORT       where to listen (S3SANDBOX_LISTEN; default 127.0.0.1:9000;
                           port 0 picks a free port)
  --data-dir DIR           persistent data directory (S3SANDBOX_DATA_DIR;
                           default $XDG_DATA_HOME/s3sandbox or ~/.local/share/s3sandbox)
  --ephemeral              keep data in a temporary directory removed at exit
                           (S3SANDBOX_EPHEMERAL=1)
  --credential AK:SK       accept this access key / secret key pair; repeatable
                           (S3SANDBOX_CREDENTIALS=AK:SK,AK2:SK2; default s3sandbox:s3sandbox-secret)
  --credentials-file FILE  read pairs from FILE: "AK:SK" lines or the AWS credentials format
                           (S3SANDBOX_CREDENTIALS_FILE)
  --region REGION          the region signatures must be scoped to (S3SANDBOX_REGION;
                           default us-east-1; '*' accepts any region)
  --fixtures DIR           import DIR/<bucket>/<key path> files as objects at start
                           (S3SANDBOX_FIXTURES)
  --fixtures-mode MODE     once (default): import the fixtures into a data dir only the first
                           time (recorded in <data dir>/fixtures-imported), so objects changed
                           through S3 stay changed across restarts; always: import them at
                           every start, putting edited fixture objects back
                           (S3SANDBOX_FIXTURES_MODE). POST /_sandbox/reset?fixtures=1 also
                           re-imports them
  --auth MODE              strict (default): refuse bad signatures as S3 does;
                           warn: accept, but report every failure in the log and the
                           x-s3sandbox-diagnosis header; off: accept everything (S3SANDBOX_AUTH)
  --host-alias HOST:PORT   another name this server is reached by, used to diagnose URLs
                           signed for a different host; repeatable (S3SANDBOX_HOST_ALIASES)
  --domain DOMAIN          serve virtual-hosted style requests for BUCKET.DOMAIN; repeatable
                           (S3SANDBOX_DOMAINS; 'localhost' is always served)
  --clock-offset DURATION  shift the server's clock, e.g. +2h, -30m, 90s, 1d, to test expiry
                           without waiting (S3SANDBOX_CLOCK_OFFSET); more than 15 min makes
                           clients that sign with the real time (boto3, aws CLI) fail with
                           RequestTimeTooSkewed
  --clock-freeze WHEN      start with the clock standing still at WHEN: now or an instant like
                           2030-01-01T00:00:00Z (S3SANDBOX_CLOCK_FREEZE; PUT /_sandbox/clock
                           advances or unfreezes it)
  --threads N              worker threads; 0 = one per CPU (S3SANDBOX_THREADS)
  --pin-threads            keep each worker thread on the CPU(s) whose connections it serves
                           (S3SANDBOX_PIN_THREADS=1; default off)
  --no-fsync               do not fsync uploads before acknowledging them (S3SANDBOX_FSYNC=0;
                           implied by --ephemeral, whose data does not outlive the process)
  --min-part-size BYTES    smallest multipart part but the last (S3SANDBOX_MIN_PART_SIZE;
                           default 5242880 as on S3; lower it to test multipart quickly)
  --cors MODE              permissive (default): allow every CORS preflight and expose all
                           response headers, except for buckets that have their own CORS
                           configuration (always evaluated by its rules); buckets: only bucket
                           CORS configurations (PutBucketCors) allow cross-origin requests, as
                           on S3 (S3SANDBOX_CORS)
  --messages MODE          diagnosed (default): an error's <Message> ends with s3sandbox's
                           plain-words diagnosis, '[s3sandbox: ...]', so that SDK exceptions and
                           the aws CLI print it; s3: S3's exact messages, for tests that compare
                           them (S3SANDBOX_MESSAGES). <Diagnosis> and the x-s3sandbox-diagnosis
                           header are sent either way
  --control WHO            who may use the control API under /_sandbox/: loopback (default;
                           clients on this machine, under a local host name) or open (anyone
                           who reaches the port: a container's published port) (S3SANDBOX_CONTROL)
  --control-token TOKEN    let clients elsewhere in when they send 'Authorization: Bearer TOKEN'
                           (S3SANDBOX_CONTROL_TOKEN; 16 characters or more)
  --journal-size N         keep the last N S3 requests in the request journal, read at
                           GET /_sandbox/requests (S3SANDBOX_JOURNAL_SIZE; default 10000;
                           0 turns it off)
  --journal-file PATH      also append every journal entry to PATH as JSON Lines, e.g. a CI
                           artifact (S3SANDBOX_JOURNAL_FILE)
  --fault RULE             inject a fault into matching requests; repeatable (S3SANDBOX_FAULTS,
                           rules separated by ';'). RULE is key=value pairs separated by commas:
                           match: operation=UploadPart method= bucket= key=GLOB part=N
                             auth=sigv4-header|sigv4-presigned|sigv2-header|sigv2-presigned|
                             post-policy|anonymous access-key=AK
                           action: error=SlowDown [status=503 message=TEXT
                             when=before-body|after-body], delay=2s, throttle=64KiB/s,
                             reset-after=1MiB, truncate=100, direction=request|response|both
                           limits: times=N probability=0.5 seed=7 expires=+10m
                           e.g. --fault 'operation=UploadPart,part=2,times=1,error=InternalError'
                           (also POST /_sandbox/faults)
  --notify-target ARN=URL  deliver the event notifications of destination ARN (a queue, topic
                           or Lambda ARN of a bucket's notification configuration) by HTTP POST
                           to URL (http:// only); repeatable (S3SANDBOX_NOTIFY_TARGETS, comma-
                           separated). Events are recorded at /_sandbox/events either way
  --allow-ssec-over-http    accept SSE-C keys over plain HTTP, which S3 refuses (400
                           InvalidRequest); most sandboxes run without TLS
                           (S3SANDBOX_ALLOW_SSEC_OVER_HTTP)
  --tls-cert FILE          serve HTTPS too, with this PEM certificate (chain) and key
  --tls-key FILE           (S3SANDBOX_TLS_CERT, S3SANDBOX_TLS_KEY). HTTPS gets a port of its
                           own, next to --listen's HTTP, so that both work at once and each
                           URL's scheme says what its port speaks (as S3's 80 and 443); a
                           plain-HTTP request to the HTTPS port gets a 400 saying so
  --tls auto               serve HTTPS with a local CA and a certificate for localhost,
                           *.localhost, 127.0.0.1, ::1 and every --domain (and *.DOMAIN),
                           made once in <data dir>/tls and reused (S3SANDBOX_TLS=auto). Trust
                           <data dir>/tls/ca.pem: boto3 verify=, aws --ca-bundle, curl --cacert
  --tls-listen HOST:PORT   where HTTPS listens (S3SANDBOX_TLS_LISTEN; default the --listen host
                           and its port + 1, e.g. 127.0.0.1:9001; port 0 picks a free port)
  --access-log BOOL        one log line per request on stderr (S3SANDBOX_ACCESS_LOG; default 1)
  --log-level LEVEL        error, warn, info or debug (S3SANDBOX_LOG_LEVEL; default info)
  --help                   show this text
  --version                show the version

When ready it prints one line on stdout: "s3sandbox ready http://HOST:PORT". With HTTPS it
adds the HTTPS endpoint to that line ("s3sandbox ready http://HOST:PORT https://HOST:PORT2"),
and first prints "s3sandbox tls ca PATH" (the CA to trust; with --tls auto) on a line of its own.
The sandbox's own API lives under /_sandbox/ (GET /_sandbox/health).
)";
}

}  // namespace s3sandbox::config
