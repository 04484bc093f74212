"""The test suite's own rule: no test module (nor conftest, nor helper) imports from a test module or a
conftest; what tests share lives in tests/support (fixtures reach tests through conftest.py)."""

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]


def _is_test_module(dotted: str) -> bool:
    last = dotted.rsplit(".", 1)[-1]
    return last == "conftest" or last.startswith("test_")


def _forbidden_imports(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names if _is_test_module(alias.name)]
        elif isinstance(node, ast.ImportFrom):
            module = "." * node.level + (node.module or "")
            ours = node.level > 0 or module.startswith("tests")
            if ours and _is_test_module(module.lstrip(".") or "."):
                found.append(module)
            elif ours:
                found += [f"{module}.{alias.name}" for alias in node.names if _is_test_module(alias.name)]
    return found


def test_no_module_of_the_suite_imports_from_a_test_module_or_a_conftest():
    offenders = {
        str(path.relative_to(TESTS)): imports
        for path in sorted(TESTS.rglob("*.py"))
        if (imports := _forbidden_imports(path))
    }
    assert not offenders, offenders


def test_the_rule_sees_relative_and_absolute_imports(tmp_path):
    sample = tmp_path / "test_sample.py"
    sample.write_text(
        "from .conftest import TODAY\nfrom .test_pages import make_notice\n"
        "from tests.plans.conftest import make_line\nfrom tests.support.world import make_plan\n"
        "import tests.directives.test_api\n",
        encoding="utf-8",
    )
    assert _forbidden_imports(sample) == [
        ".conftest",
        ".test_pages",
        "tests.plans.conftest",
        "tests.directives.test_api",
    ]
