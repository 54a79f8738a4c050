"""The sandbox API (/_sandbox/, JSON over plain HTTP) with the standard library only."""
import json
import urllib.error
import urllib.parse
import urllib.request


class ControlError(RuntimeError):
    """A /_sandbox/ call answered an error: {"error": {"code", "message"}}."""

    def __init__(self, status, code, message):
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code


class Control:
    def __init__(self, endpoint, timeout=30.0):
        self.base = endpoint.rstrip("/") + "/_sandbox/"
        self.timeout = timeout

    def call(self, method, path, params=None, body=None):
        url = self.base + path
        if params:
            # quote_via=quote: a "+2h" offset must arrive as %2B, not as a space.
            url += "?" + urllib.parse.urlencode(params, quote_via=urllib.parse.quote)
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(url, data=data, method=method)
        if data is not None:
            req.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as res:
                raw = res.read()
        except urllib.error.HTTPError as e:
            raw = e.read()
            try:
                err = json.loads(raw)["error"]
                raise ControlError(e.code, err.get("code"), err.get("message")) from None
            except (ValueError, KeyError, TypeError):
                raise ControlError(e.code, "HTTPError", raw.decode(errors="replace")) from None
        return json.loads(raw) if raw.strip() else None


class Clock:
    """The sandbox clock (GET/PUT /_sandbox/clock): test expiry without sleeping.

    Durations are strings like "+2h", "-15m", "90s" or numbers of seconds."""

    def __init__(self, control):
        self._control = control

    def get(self):
        """{"now", "real_now", "offset_seconds", "frozen", "frozen_at"}."""
        return self._control.call("GET", "clock")

    def set(self, **changes):
        """PUT /_sandbox/clock?... with the given parameters (offset, freeze, advance, unfreeze)."""
        return self._control.call("PUT", "clock", params=changes)

    def offset(self, duration):
        return self.set(offset=duration)

    def freeze(self, when="now"):
        return self.set(freeze=when)

    def advance(self, duration):
        return self.set(advance=duration)

    def unfreeze(self):
        return self.set(unfreeze=1)

    def reset(self):
        """Back to the real time, running."""
        return self.set(offset=0)


class Faults:
    """Fault injection rules (/_sandbox/faults); rule members as in the README's table."""

    def __init__(self, control):
        self._control = control

    def add(self, **rule):
        """Adds a rule, e.g. add(operation="GetObject", error="SlowDown", times=1) or
        add(operation="GetObject", reset_after="1MiB"); returns it with its "id". Underscores
        in names become the API's hyphens (reset_after: reset-after)."""
        return self._control.call("POST", "faults",
                                  body={k.replace("_", "-"): v for k, v in rule.items()})

    def list(self):
        answer = self._control.call("GET", "faults")
        return answer.get("faults", answer) if isinstance(answer, dict) else answer

    def get(self, rule_id):
        return self._control.call("GET", f"faults/{rule_id}")

    def delete(self, rule_id):
        self._control.call("DELETE", f"faults/{rule_id}")

    def clear(self):
        self._control.call("DELETE", "faults")
