"""Publishing on every push: the GitHub and GitLab pipelines are valid (check-jsonschema's vendored
schemas, no network), run the same build script, and that script puts content errors in the job
summary. The pre-commit hooks run as written."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT

CHECK_JSONSCHEMA = Path(sys.executable).parent / "check-jsonschema"
GITHUB_WORKFLOW = ROOT / ".github" / "workflows" / "pages.yml"
GITLAB_CI = ROOT / ".gitlab-ci.yml"


def validate(schema: str, path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(CHECK_JSONSCHEMA), "--builtin-schema", schema, str(path)], capture_output=True, text=True)


@pytest.mark.parametrize(("schema", "path"), [
    ("vendor.github-workflows", GITHUB_WORKFLOW),
    ("custom.github-workflows-require-timeout", GITHUB_WORKFLOW),
    ("vendor.gitlab-ci", GITLAB_CI),
])
def test_pipelines_are_valid(schema, path):
    result = validate(schema, path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_validator_catches_a_broken_workflow(tmp_path):
    broken = tmp_path / "pages.yml"
    broken.write_text(GITHUB_WORKFLOW.read_text(encoding="utf-8").replace("runs-on:", "run-on:", 1), encoding="utf-8")
    assert validate("vendor.github-workflows", broken).returncode == 1


def test_github_publishes_pushes_to_main_with_pages_actions():
    workflow = yaml.load(GITHUB_WORKFLOW.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)  # 'on' stays a key
    assert workflow["on"]["push"]["branches"] == ["main"]
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    uses = [step.get("uses", "") for step in build["steps"]]
    assert uses[0] == "actions/checkout@v4" and build["steps"][0]["with"]["fetch-depth"] == "0"
    assert build["steps"][1]["with"]["cache"] == "pip"
    assert any(step.get("run") == "deploy/ci-build.sh site" for step in build["steps"])
    assert "actions/upload-pages-artifact@v3" in uses
    assert deploy["steps"][0]["uses"] == "actions/deploy-pages@v4" and deploy["needs"] == "build"


def test_gitlab_publishes_the_default_branch_with_the_same_script():
    pipeline = yaml.safe_load(GITLAB_CI.read_text(encoding="utf-8"))
    assert pipeline["pages"]["script"] == ["deploy/ci-build.sh public"]
    assert pipeline["pages"]["artifacts"]["paths"] == ["public"]
    assert pipeline["variables"]["GIT_DEPTH"] == "0" and ".cache/pip" in pipeline["cache"]["paths"]


def test_ci_build_lists_content_errors_in_the_job_summary(tmp_path, tiny_content):
    (tiny_content / "agencies" / "so-cu.yml").write_text("id: so-cu\nname: [\n", encoding="utf-8")
    summary = tmp_path / "summary.md"
    env = {**os.environ, "GITHUB_STEP_SUMMARY": str(summary), "CONTENT_DIR": str(tiny_content),
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}  # `python` as CI has it
    result = subprocess.run(["bash", "deploy/ci-build.sh", str(tmp_path / "site")], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 1
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("### Kiểm tra nội dung: không thành công\n")
    assert "content/agencies/so-cu.yml:3:1:" in text and "4 lỗi trong 3 tệp." in text
    assert not (tmp_path / "site").exists()


def test_pre_commit_hooks_run_the_checks():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = config["repos"][0]["hooks"]
    assert config["repos"][0]["repo"] == "local"
    for hook in hooks:
        command = shlex.split(hook["entry"])
        assert command[0] == ".venv/bin/python"
        result = subprocess.run([sys.executable, *command[1:]], cwd=ROOT, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
    assert [shlex.split(h["entry"])[1:] for h in hooks] == [["build.py", "check"], ["build.py", "schemas", "--check"]]
