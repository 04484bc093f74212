"""A page under watch in headless Chromium (tests/support/browser.py): every Content-Security-Policy
violation, JavaScript error and console error it reports, and the pages it opens (each with the policy's
header and the status expected)."""

from dataclasses import dataclass, field

# Every securitypolicyviolation of every document, reported at once to the test (exposed function), so that
# none is lost when the page navigates away.
WATCH = """
document.addEventListener("securitypolicyviolation", (e) => {
  window.reportViolation(`${e.violatedDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`);
});
"""


@dataclass
class Watch:
    """A page under watch: what the browser reported while it was open."""

    page: object
    base: str
    problems: list[str] = field(default_factory=list)
    expected_status: dict[str, int] = field(default_factory=dict)
    visited: list[str] = field(default_factory=list)

    def __post_init__(self):
        self.page.context.expose_function("reportViolation", self._violation)
        self.page.context.add_init_script(WATCH)
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.problems.append(f"{self.page.url}: JS error {error}"))

    def _violation(self, text):
        self.problems.append(f"{self.page.url}: CSP {text}")

    def _console(self, message):
        if message.type != "error":
            return
        url = message.location.get("url", "")
        if "Failed to load resource" in message.text and (
            url.endswith("/favicon.ico") or url in self.expected_status
        ):
            return  # the browser's own favicon request, or an error page opened on purpose
        self.problems.append(f"{self.page.url}: console error {message.text} ({url})")

    def collect(self):
        """Let the page settle: violation events are dispatched as tasks, after what caused them."""
        self.page.wait_for_load_state("load")
        self.page.wait_for_timeout(150)

    def open(self, path: str, status: int = 200):
        url = self.base + path
        if status != 200:
            self.expected_status[url] = status
        response = self.page.goto(url)
        assert response.status == status, f"{path}: {response.status}"
        self.page.wait_for_load_state("load")
        assert "Content-Security-Policy" in {k.title(): v for k, v in response.headers.items()}, path
        self.visited.append(path)
        self.collect()

    def check(self):
        assert self.visited
        assert not self.problems, "\n".join(self.problems)
