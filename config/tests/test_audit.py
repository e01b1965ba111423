"""bin/audit, CI's pip-audit step: fails on a found vulnerability, says so when nothing was checked."""

import json
import subprocess
import sys

from django.conf import settings


def fake_pip_audit(tmp_path, report):
    script = tmp_path / "pip-audit"
    script.write_text(f"#!{sys.executable}\nprint({json.dumps(json.dumps(report))})\n")
    script.chmod(0o755)
    return script


def run_audit(script):
    return subprocess.run(
        [sys.executable, settings.BASE_DIR / "bin" / "audit", str(script), "requirements.txt"],
        capture_output=True, text=True,
    )


def test_a_known_vulnerability_fails_the_build(tmp_path):
    script = fake_pip_audit(tmp_path, {"dependencies": [
        {"name": "django", "version": "5.2.0", "vulns": [{"id": "PYSEC-0", "fix_versions": ["5.2.1"]}]},
        {"name": "openpyxl", "version": "3.1.5", "vulns": []},
    ]})
    result = run_audit(script)
    assert result.returncode == 1
    assert "VULNERABLE django 5.2.0: PYSEC-0 (fixed in 5.2.1)" in result.stdout


def test_a_clean_audit_passes(tmp_path):
    script = fake_pip_audit(tmp_path, {"dependencies": [{"name": "django", "version": "5.2.19", "vulns": []}]})
    result = run_audit(script)
    assert result.returncode == 0
    assert "1 packages audited, 0 vulnerable" in result.stdout


def test_nothing_audited_is_reported_loudly(tmp_path):
    script = fake_pip_audit(tmp_path, {"dependencies": [{"name": "django", "skip_reason": "not found"}]})
    result = run_audit(script)
    assert result.returncode == 0
    assert "COULD NOT CHECK ANYTHING" in result.stdout
