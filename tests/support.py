"""What both lanes of tests share: the repository's paths, a real Terraform, the run's figures, and the
rule that a Terraform test that did not run fails the run. A plain module, not a conftest: the fast
suite's conftest (tests/) and the emulator lane's (e2e/) each import it, fixtures and hooks included.
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from subprocess import PIPE

import pytest

from sagegen.render.module import render
from sagegen.spec.load import load_spec
from sagegen.spec.models import Spec

ROOT = Path(__file__).resolve().parent.parent
SAGE_SPEC = ROOT / "specs" / "sage.yaml"
PLUGIN_DIR_ENV = "SAGEGEN_TF_PLUGIN_DIR"
# Go's garbage collector for terraform and the provider, which the suite starts some two hundred times:
# each start of hashicorp/aws builds the schemas of every resource type (~600 MB) and the default GC
# (GOGC=100) spends a fifth of that start collecting what it is still building. Off until the heap nears
# GOMEMLIMIT (a soft limit: Go collects hard beyond it, https://go.dev/doc/gc-guide#Memory_limit): measured
# on `terraform validate` of out/terraform, 6.5 -> 5.2 CPU-s; the fast suite 528 -> 428 CPU-s. The
# price: ~1.3 GB a provider instead of ~0.8 (.ci/run peaked at 16.8 GB of 24, docs/e2e.md). A
# value set in the environment wins.
GO_RUNTIME = {"GOGC": "off", "GOMEMLIMIT": "768MiB"}
# How long a child process of a test may take before it is taken for hung. Generous on purpose: in
# .ci/run the fast suite runs beside the e2e lane at a lower priority on 2 cores, where a command of 2
# seconds can wait a minute for a core (ci43, at nice 19: a 60-second limit on `sagegen check` expired).
HANG = 600


def _mvp_spec() -> Path:
    """specs/sage.yaml without its `phases`: a plain one-phase spec (the MVP), for tests of the machinery."""
    import yaml

    data = yaml.safe_load(SAGE_SPEC.read_text())
    data.pop("phases")
    data.pop("phase")
    return scratch_spec("sage-mvp", yaml.safe_dump(data, sort_keys=False))


def scratch_spec(name: str, text: str) -> Path:
    """`text` as the spec file `name`.yaml in a directory of its own, removed when this process exits."""
    directory = tempfile.mkdtemp(prefix=f"sagegen-{name}-")
    atexit.register(shutil.rmtree, directory, ignore_errors=True)  # every process that imports this leaves none
    path = Path(directory) / f"{name}.yaml"
    path.write_text(text)
    return path


MVP_SPEC = _mvp_spec()


@pytest.fixture(scope="session")
def sage_spec() -> Spec:
    return load_spec(SAGE_SPEC)


@pytest.fixture(scope="session")
def sage_files(sage_spec: Spec) -> dict[str, str]:
    return render(sage_spec)


def write_tree(root: Path, files: dict[str, str]) -> Path:
    for path, text in files.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return root


# (directory, command, CPU-seconds) of every Terraform command the run started, the provider's included,
# and of every RUNBOOK block the e2e lane ran ("runbook", its aws and terraform commands included): on 2
# cores the suite's budget is CPU, and Terraform is most of it (docs/e2e.md).
CPU: list[tuple[str, str, float]] = []


class _Measured(subprocess.Popen):
    """A Popen that keeps the CPU its process and every process it waited for used (wait4's rusage:
    Terraform waits for its provider plugins, so theirs is counted)."""

    cpu = 0.0

    def _try_wait(self, wait_flags):  # Popen's one waitpid call, made with wait4 instead
        try:
            pid, status, usage = os.wait4(self.pid, wait_flags)
        except ChildProcessError:
            return (self.pid, 0)
        if pid == self.pid:
            self.cpu = usage.ru_utime + usage.ru_stime
        return (pid, status)


def run_measured(args: list[str], what: str, *, cwd: Path, env: dict, timeout: float) -> subprocess.CompletedProcess:
    """subprocess.run(args, capture_output=True, text=True), its CPU recorded in CPU as `what`."""
    with _Measured(args, cwd=cwd, env=env, stdout=PIPE, stderr=PIPE, text=True) as process:
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()
            raise
    CPU.append((str(cwd), what, process.cpu))
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


@dataclass
class Terraform:
    """The real terraform binary: providers from an offline mirror (`plugin_dir`), else from the registry.

    Without a mirror, `terraform init` installs hashicorp/aws the usual way (the
    registry, or whatever `cli_config` says), through a shared plugin cache so
    the suite downloads it once.
    """

    binary: str
    plugin_dir: str | None
    cli_config: str = "/dev/null"

    def run(
        self, cwd: Path, *args: str, timeout: float = 300, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess:
        env = {
            **GO_RUNTIME,
            **os.environ,
            "TF_IN_AUTOMATION": "1",
            "CHECKPOINT_DISABLE": "1",
            "TF_CLI_CONFIG_FILE": self.cli_config,
            **(env or {}),
        }
        env.pop("TF_CLI_ARGS_init", None)
        return run_measured([self.binary, *args, "-no-color"], args[0], cwd=cwd, env=env, timeout=timeout)

    def init(self, cwd: Path, *, backend: bool = False) -> None:
        """Without `backend`, the module's backend (S3 state) is left alone, as `validate` needs."""
        flags = [] if backend else ["-backend=false"]
        if self.plugin_dir:
            flags.append(f"-plugin-dir={self.plugin_dir}")
        result = self.run(cwd, "init", *flags, "-input=false")
        assert result.returncode == 0, result.stdout + result.stderr

    def validate(self, cwd: Path) -> None:
        self.init(cwd)
        result = self.run(cwd, "validate")
        assert result.returncode == 0, result.stdout + result.stderr

    def fmt_check(self, cwd: Path) -> None:
        result = self.run(cwd, "fmt", "-check", "-diff", "-recursive")
        assert result.returncode == 0, "terraform fmt would change:\n" + result.stdout + result.stderr


@pytest.fixture(scope="session")
def terraform() -> Terraform:
    binary = shutil.which("terraform")
    if binary is None:
        pytest.skip("terraform is not installed")  # the only allowed reason; scripts/test fails CI on it
    plugin_dir = os.environ.get(PLUGIN_DIR_ENV) or None
    if plugin_dir and not Path(plugin_dir, "registry.terraform.io").is_dir():
        pytest.fail(
            f"{PLUGIN_DIR_ENV}={plugin_dir} is not a provider mirror (a directory holding registry.terraform.io/)"
        )
    if plugin_dir is None:
        os.environ.setdefault("TF_PLUGIN_CACHE_DIR", tempfile.mkdtemp(prefix="sagegen-tf-plugins-"))
    return Terraform(binary, plugin_dir)


_skipped_terraform: list[str] = []

# Figures tests report for the run's log (e2e coverage and timings, property-test counts).
FIGURES: list[str] = []


def pytest_terminal_summary(terminalreporter) -> None:
    lines = FIGURES + _terraform_cpu()
    if lines:
        terminalreporter.section("sagegen figures")
        for line in lines:
            terminalreporter.write_line(line)


def _terraform_cpu() -> list[str]:
    """Where the run's Terraform CPU went: per command, and per lane of the e2e test (the directory under
    its temporary one)."""
    if not CPU:
        return []
    by_command: dict[str, list[float]] = {}
    by_lane: dict[str, float] = {}
    in_lane: dict[str, list[str]] = {}
    for cwd, command, cpu in CPU:
        by_command.setdefault(command.split(":")[0], []).append(cpu)  # "runbook: <step>" counts as runbook
        parts = Path(cwd).parts
        lane = next((parts[i + 1] for i, p in enumerate(parts[:-1]) if p.startswith("test_e2e")), None)
        if lane:
            by_lane[lane] = by_lane.get(lane, 0.0) + cpu
            in_lane.setdefault(lane, []).append(f"{command} {cpu:.0f}")
    total = sum(cpu for _, _, cpu in CPU)
    line = (
        f"CPU of child processes: {len(CPU)} Terraform commands and RUNBOOK blocks, {total:.0f} CPU-s ("
        + ", ".join(f"{c} {len(v)}x {sum(v):.0f}" for c, v in sorted(by_command.items(), key=lambda kv: -sum(kv[1])))
        + ")"
    )
    if by_lane:
        line += "; by lane: " + ", ".join(f"{k} {v:.0f}" for k, v in sorted(by_lane.items(), key=lambda kv: -kv[1]))
    # Each lane's commands in the order they ran: which step to make cheaper when the budget is tight.
    return [line, *(f"CPU-s of lane {lane}, in order: {', '.join(said)}" for lane, said in sorted(in_lane.items()))]


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.skipped and "terraform" in report.keywords:
        _skipped_terraform.append(report.nodeid)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    config.stash[_TERRAFORM_COLLECTED] = sum(1 for item in items if item.get_closest_marker("terraform"))
    _fastest_first_under_mutmut(items)


def _fastest_first_under_mutmut(items: list[pytest.Item]) -> None:
    """Under mutmut, a mutant's tests run fastest first (the durations of mutmut's own stats run): one
    failing test kills it, and in the files' order a mutant of the spec reader ran the CLI's and the
    renders' tests for a minute before tests/spec, whose first test fails in a millisecond. The order
    decides only how soon a killed mutant stops, not whether it is killed: no test here depends on another
    having run, and a survivor runs them all either way."""
    stats = Path("mutmut-stats.json")  # mutmut runs the tests from its mutants/ directory
    if "MUTANT_UNDER_TEST" not in os.environ or not stats.is_file():
        return
    durations = json.loads(stats.read_text()).get("duration_by_test", {})
    items.sort(key=lambda item: durations.get(item.nodeid, 0.0))


_TERRAFORM_COLLECTED = pytest.StashKey[int]()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Under scripts/test with terraform installed, a Terraform check that did not run is a failure:
    a skipped one in any run, and none collected in a run of a whole lane (tests/, e2e/, or the
    emulator lane's lanes test alone) or of a part scripts/test marks as one (SAGEGEN_WHOLE_LANE: each
    half of the fast suite)."""
    if os.environ.get("SAGEGEN_REQUIRE_TERRAFORM") != "1":
        return
    whole = os.environ.get("SAGEGEN_WHOLE_LANE") == "1" or (
        not session.config.option.keyword
        and not session.config.option.markexpr
        and not session.config.option.ignore  # scripts/test's second e2e process leaves the lanes out
        and session.config.args in (session.config.getini("testpaths"), ["e2e"], ["e2e/test_e2e.py"])
    )
    collected = session.config.stash.get(_TERRAFORM_COLLECTED, 0)
    if _skipped_terraform or (whole and collected == 0):
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        message = (
            f"terraform is installed but {len(_skipped_terraform)} Terraform test(s) were skipped "
            f"and {collected} collected: {_skipped_terraform}"
        )
        if reporter:
            reporter.write_line(f"ERROR: {message}", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
