"""The production deployment files (deploy/, issue 13): nginx's site, the systemd units, the
environment file and the guide that ties them together, deploy/README.md.

These files are never run by the rest of the suite, so nothing else notices when one stops
matching the app: a site nginx refuses, a unit that names a command that is gone, a variable
the settings no longer read. Each test below says what a deployment would lose. No database:
the files are read, and Debian's own nginx and systemd-analyze check them.
"""

import configparser
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import get_commands

REPO = Path(__file__).resolve().parent.parent
DEPLOY = REPO / "deploy"
SITE = DEPLOY / "nginx" / "camnang.conf"
SYSTEMD = DEPLOY / "systemd"
ENV_EXAMPLE = DEPLOY / "env.example"
GUIDE = DEPLOY / "README.md"
MANAGE_WRAPPER = DEPLOY / "camnang-manage"

VENV_BIN = "/srv/camnang/.venv/bin/"
ENV_FILE = "/etc/camnang/env"
CERTIFICATE = "/etc/ssl/camnang/fullchain.pem"
PRIVATE_KEY = "/etc/ssl/camnang/privkey.pem"
NGINX_LOGS = "/var/log/nginx/"

# The units the guide installs: the app server, and three commands each started by its timer.
APP_SERVICE = "camnang.service"
TIMED_COMMANDS = {
    "camnang-publish": "publish_scheduled",
    "camnang-pdfs": "build_pdfs",
    "camnang-backup": "backup",
}
UNIT_FILES = {APP_SERVICE} | {
    f"{name}.{kind}" for name in TIMED_COMMANDS for kind in ("service", "timer")
}
# The commands the guide must tell the team about (first install, upgrade, backups).
GUIDE_COMMANDS = {
    "migrate",
    "collectstatic",
    "load_initial_data",
    "import_procedures",
    "publish_scheduled",
    "build_pdfs",
    "backup",
    "restore",
    "createsuperuser",
    "check",
}


@pytest.fixture(autouse=True)
def enable_db_access_for_all_tests():
    """No database here: this replaces tests/conftest.py's autouse fixture of the same name,
    which would create and load the test database for tests that only read files."""


def read_unit(path: Path) -> configparser.ConfigParser:
    """A unit file as configparser reads it: keys keep their case, "%" and "$" are left alone,
    and a key given twice (OnCalendar) keeps its last value (read_values gives them all)."""
    parser = configparser.ConfigParser(strict=False, interpolation=None, delimiters=("=",))
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(path, encoding="utf-8")
    return parser


def read_values(path: Path, key: str) -> list[str]:
    """Every value of ``key`` in a unit file, in order (systemd allows some keys many times)."""
    pattern = re.compile(rf"^{re.escape(key)}=(.*)$", re.M)
    return [value.strip() for value in pattern.findall(path.read_text(encoding="utf-8"))]


def manage_py_commands() -> set[str]:
    """Every management command `manage.py` knows: Django's, the installed apps' and the
    project's own (*/management/commands/<name>.py, found on disk as well)."""
    found = set(get_commands())
    found |= {
        path.stem
        for path in REPO.glob("*/management/commands/*.py")
        if not path.name.startswith("_")
    }
    return found


def executable_for_tests(line: str) -> str:
    """An ExecStart line with the venv's program replaced by /bin/true (its arguments kept):
    systemd-analyze verify checks that the program exists, and /srv/camnang is not here."""
    return re.sub(rf"^(ExecStart(?:Pre|Post)?)={re.escape(VENV_BIN)}\S+", r"\1=/bin/true", line)


# --- nginx -------------------------------------------------------------------------------------


def test_nginx_accepts_the_site(tmp_path):
    """If this fails, `nginx -t && systemctl reload nginx` refuses the site file: an install
    serves nothing, and an upgrade keeps the old configuration. The site is checked inside a
    minimal nginx.conf as Debian's includes it (inside http {}), with a throw-away self-signed
    certificate in place of /etc/ssl/camnang's and every path nginx writes inside tmp_path."""
    nginx = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/sbin")
    if nginx is None:
        # Never a skip: CI installs nginx, and a skipped check is a check nobody runs.
        pytest.fail("nginx not found: install Debian's nginx (scripts/system-packages)")
    site = SITE.read_text(encoding="utf-8")
    for path in (CERTIFICATE, PRIVATE_KEY, NGINX_LOGS):
        assert path in site, f"{SITE} no longer names {path} (update this test and the guide)"

    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
            "-subj", "/CN=localhost", "-days", "1",
            "-keyout", str(tmp_path / "privkey.pem"), "-out", str(tmp_path / "fullchain.pem"),
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    (tmp_path / "logs").mkdir()
    site_copy = tmp_path / "camnang.conf"
    site_copy.write_text(
        site.replace(CERTIFICATE, str(tmp_path / "fullchain.pem"))
        .replace(PRIVATE_KEY, str(tmp_path / "privkey.pem"))
        .replace(NGINX_LOGS, f"{tmp_path}/logs/"),
        encoding="utf-8",
    )
    # No "user" directive (that needs root), and every file nginx opens is under tmp_path, so
    # the check runs as any user. types_hash_max_size as Debian's nginx.conf sets it.
    conf = tmp_path / "nginx.conf"
    conf.write_text(
        f"""
pid {tmp_path}/nginx.pid;
error_log {tmp_path}/logs/error.log;
events {{}}
http {{
    include /etc/nginx/mime.types;
    types_hash_max_size 2048;
    access_log {tmp_path}/logs/access.log;
    client_body_temp_path {tmp_path}/client_body;
    proxy_temp_path {tmp_path}/proxy;
    fastcgi_temp_path {tmp_path}/fastcgi;
    uwsgi_temp_path {tmp_path}/uwsgi;
    scgi_temp_path {tmp_path}/scgi;
    include {site_copy};
}}
""",
        encoding="utf-8",
    )
    result = subprocess.run(
        [nginx, "-t", "-p", str(tmp_path), "-e", str(tmp_path / "logs/error.log"), "-c", str(conf)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, f"nginx -t refused {SITE}:\n{result.stderr}"
    # A warning is a mistake nginx works around (a duplicate MIME type, an ignored directive).
    assert "[warn]" not in result.stderr, f"nginx -t warns about {SITE}:\n{result.stderr}"


def test_nginx_site_keeps_what_the_guide_promises():
    """If this fails, the site file no longer does what deploy/README.md tells the IT team it
    does: attachments could be served without Django's permission check, /metrics could be
    public, or the body cap, HSTS, rate limits or request id could be gone."""
    site = SITE.read_text(encoding="utf-8")
    lines = [line.split("#", 1)[0].strip() for line in site.splitlines()]
    directives = [line for line in lines if line]
    # Attachments are permission-checked by Django views: nginx must never serve /media/.
    assert not any(re.match(r"location\s+[=~^]*\s*/media", d) for d in directives)
    assert "client_max_body_size 30m;" in directives
    assert 'add_header Strict-Transport-Security "max-age=31536000; includeSubDomains" always;' in (
        directives
    )
    assert "ssl_protocols TLSv1.2 TLSv1.3;" in directives
    assert f"ssl_certificate {CERTIFICATE};" in directives
    assert f"ssl_certificate_key {PRIVATE_KEY};" in directives
    for header in (
        "Host $host",
        "X-Forwarded-For $proxy_add_x_forwarded_for",
        "X-Forwarded-Proto $scheme",
        "X-Request-ID $request_id",
    ):
        assert f"proxy_set_header {header};" in directives, header
    # limit_req_zone is only allowed at http level: before the first server block.
    first_server = directives.index("server {")
    zones = [i for i, d in enumerate(directives) if d.startswith("limit_req_zone ")]
    assert zones and max(zones) < first_server
    assert all("$binary_remote_addr" in directives[i] for i in zones)

    def location(opening: str) -> str:
        """The text of one location block (nested blocks included), from its opening line."""
        start = site.index(opening)
        depth = 0
        for offset, char in enumerate(site[start:]):
            depth += {"{": 1, "}": -1}.get(char, 0)
            if char == "}" and depth == 0:
                return site[start : start + offset + 1]
        raise AssertionError(f"{opening!r}: block not closed")

    for opening in (
        "location /tim-kiem/ {",
        "location /api/ {",
        "location = /dang-nhap/ {",
        "location = /quan-tri/login/ {",
    ):
        assert "limit_req zone=" in location(opening), f"{opening} is not rate-limited"
    metrics = location("location = /metrics {")
    assert "allow 127.0.0.1;" in metrics and "deny all;" in metrics
    static = location("location /static/ {")
    assert "alias /srv/camnang/staticfiles/;" in static and "expires max;" in static
    # Plain HTTP: /healthz answered, everything else redirected to HTTPS.
    assert "location = /healthz {" in site
    assert "return 301 https://$host$request_uri;" in directives


# --- systemd -----------------------------------------------------------------------------------


def test_the_systemd_units_are_the_ones_the_guide_installs():
    """If this fails, a unit was added, renamed or removed without the guide, the timers or
    this test following: `cp deploy/systemd/camnang*` would install something unexpected."""
    assert {path.name for path in SYSTEMD.iterdir()} == UNIT_FILES


def test_every_service_runs_the_venv_with_the_environment_file():
    """If this fails, a service would run another Python than the release's virtualenv, or
    without /etc/camnang/env (no secret key, no database: it stops at once), as another user,
    or without the hardening the guide describes."""
    for path in sorted(SYSTEMD.glob("*.service")):
        unit = read_unit(path)
        service = unit["Service"]
        assert service["ExecStart"].startswith(VENV_BIN), path.name
        assert service["EnvironmentFile"] == ENV_FILE, path.name
        assert (service["User"], service["Group"]) == ("camnang", "camnang"), path.name
        assert service["WorkingDirectory"], path.name
        assert service["NoNewPrivileges"] == "yes", path.name
        assert service["ProtectSystem"] == "strict", path.name
        assert service["ReadWritePaths"] == "/var/lib/camnang", path.name
        assert service["PrivateTmp"] == "yes", path.name
        assert unit["Unit"]["Description"], path.name


def test_the_app_service_runs_gunicorn_and_reloads_gracefully():
    """If this fails, camnang.service no longer starts gunicorn with deploy/gunicorn.conf.py,
    is not restarted when it dies, is not started at boot, or `systemctl reload camnang` (the
    upgrade step) no longer sends gunicorn the HUP that swaps its workers without downtime."""
    unit = read_unit(SYSTEMD / APP_SERVICE)
    service = unit["Service"]
    assert service["ExecStart"] == (
        f"{VENV_BIN}gunicorn --config /srv/camnang/deploy/gunicorn.conf.py config.wsgi"
    )
    assert service["WorkingDirectory"] == "/srv/camnang"
    assert service["Type"] in {"notify", "simple"}
    assert service["Restart"] == "on-failure"
    assert service["ExecReload"] == "/bin/kill -s HUP $MAINPID"
    assert unit["Install"]["WantedBy"] == "multi-user.target"


def test_each_timer_starts_an_existing_command():
    """If this fails, a timer starts a service that is not there (systemd refuses the timer),
    a timed service runs a management command that no longer exists, or a timed service could
    be enabled on its own (an [Install] section would run the backup at every boot)."""
    commands = manage_py_commands()
    for name, command in TIMED_COMMANDS.items():
        timer_path, service_path = SYSTEMD / f"{name}.timer", SYSTEMD / f"{name}.service"
        timer = read_unit(timer_path)
        assert timer["Timer"]["OnCalendar"], timer_path.name
        assert timer["Timer"].get("Unit", service_path.name) == service_path.name
        assert service_path.exists(), f"{timer_path.name} starts {service_path.name}: missing"
        assert timer["Install"]["WantedBy"] == "timers.target", timer_path.name

        service = read_unit(service_path)
        assert service["Service"]["Type"] == "oneshot", service_path.name
        program, *arguments = service["Service"]["ExecStart"].split()
        assert program == f"{VENV_BIN}python", service_path.name
        assert arguments[:2] == ["/srv/camnang/manage.py", command], service_path.name
        assert command in commands, f"{service_path.name}: no command {command!r}"
        assert not service.has_section("Install"), f"{service_path.name} is enabled by its timer"


def test_the_timers_run_when_the_guide_says():
    """If this fails, scheduled handbook revisions appear late (publishing runs every minute),
    PDFs keep yesterday's date past midnight in Vietnam, or the nightly backup moved."""
    assert read_values(SYSTEMD / "camnang-publish.timer", "OnCalendar") == ["*-*-* *:*:00"]
    assert read_values(SYSTEMD / "camnang-pdfs.timer", "OnCalendar") == [
        "*:0/10",
        "*-*-* 00:05:00 Asia/Ho_Chi_Minh",
    ]
    assert read_values(SYSTEMD / "camnang-backup.timer", "OnCalendar") == [
        "*-*-* 02:00:00 Asia/Ho_Chi_Minh"
    ]


def test_systemd_analyze_accepts_the_units(tmp_path):
    """If this fails, systemd would ignore a misspelt key or a bad value in a unit (it only
    logs a warning and starts the unit without it: a hardening option silently dropped, a
    timer that never fires). Runs where systemd-analyze is installed (Debian has it with
    systemd); where it is not, the configparser checks above still run. The copies' ExecStart
    programs are /bin/true, since /srv/camnang/.venv is not on the test machine."""
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        return  # no systemd here: the configparser tests above are the check
    copies = []
    for path in sorted(SYSTEMD.iterdir()):
        text = path.read_text(encoding="utf-8")
        copy = tmp_path / path.name
        copy.write_text(
            "\n".join(executable_for_tests(line) for line in text.splitlines()) + "\n",
            encoding="utf-8",
        )
        copies.append(str(copy))
    result = subprocess.run(
        [analyze, "verify", "--man=no", *copies], capture_output=True, text=True, cwd=tmp_path
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, f"systemd-analyze verify:\n{output}"
    # verify exits 0 on a key it ignores; its warnings name the file.
    about_units = [
        line for line in output.splitlines() if str(tmp_path) in line or "camnang" in line
    ]
    assert not about_units, "systemd-analyze verify:\n" + "\n".join(about_units)


# --- environment, guide --------------------------------------------------------------------------


def test_every_variable_of_env_example_is_read_by_the_app():
    """If this fails, env.example tells the IT team to set a variable nothing reads (a
    setting they believe is on is not), or a line is one systemd would misread. The names are
    looked for, quoted, in config/settings.py and deploy/gunicorn.conf.py."""
    text = ENV_EXAMPLE.read_text(encoding="utf-8")
    lines = text.splitlines()
    names = []
    for number, line in enumerate(lines):
        if not line.strip() or line.startswith("#"):
            continue
        match = re.fullmatch(r"([A-Z][A-Z0-9_]*)=(\S*)", line)
        assert match, f"env.example line {number + 1}: not VARIABLE=value: {line!r}"
        # systemd keeps a "#" after a value as part of it: comments go on the line before.
        assert "#" not in match[2], f"env.example line {number + 1}: comment after the value"
        assert lines[number - 1].startswith("# "), f"{match[1]}: no comment line above it"
        names.append(match[1])
    assert len(names) == len(set(names)), "a variable is listed twice"
    values = dict(line.split("=", 1) for line in lines if re.match(r"[A-Z]", line))
    assert values["DJANGO_DEBUG"] == "0"
    assert values["DJANGO_SECRET_KEY"] == "", "the example must not ship a secret key"

    readers = [REPO / "config" / "settings.py", DEPLOY / "gunicorn.conf.py"]
    source = "\n".join(path.read_text(encoding="utf-8") for path in readers if path.exists())
    unread = [name for name in names if not re.search(rf"""["']{name}["']""", source)]
    assert not unread, f"env.example names what {[p.name for p in readers]} never read: {unread}"


def test_the_guide_names_every_file_and_only_commands_that_exist():
    """If this fails, the guide tells the IT team to run a `manage.py` command that does not
    exist (a step that fails in the middle of an install), leaves out one of the commands a
    deployment needs, or never mentions one of this folder's files."""
    guide = GUIDE.read_text(encoding="utf-8")
    for path in sorted(DEPLOY.rglob("*")):
        if path.is_file() and path != GUIDE and "__pycache__" not in path.parts:
            assert path.name in guide, f"deploy/README.md never mentions {path.name}"
    assert "tests/test_deploy.py" in guide

    # `manage.py NAME` and `camnang-manage NAME` (the wrapper that runs manage.py), in the guide
    # and in every file of the folder that tells the reader what to run.
    texts = [guide] + [
        path.read_text(encoding="utf-8")
        for path in (SITE, ENV_EXAMPLE, MANAGE_WRAPPER, *sorted(SYSTEMD.iterdir()))
    ]
    named = {
        match
        for text in texts
        for match in re.findall(r"(?:manage\.py|camnang-manage)\s+([a-z][a-z0-9_]*)", text)
    }
    missing = sorted(named - manage_py_commands())
    assert not missing, f"deploy/ tells to run manage.py commands that do not exist: {missing}"
    unnamed = sorted(GUIDE_COMMANDS - named)
    assert not unnamed, f"the guide never says to run {unnamed}"


def test_the_manage_wrapper_runs_manage_py_as_the_services_do():
    """If this fails, `camnang-manage` (every manage.py step of the guide) is not valid shell,
    or no longer runs the release's Python as camnang with /etc/camnang/env: a migration would
    run against the wrong database or fail for want of the secret key."""
    text = MANAGE_WRAPPER.read_text(encoding="utf-8")
    assert text.startswith("#!/bin/sh\n")
    subprocess.run(["sh", "-n", str(MANAGE_WRAPPER)], check=True)
    assert "runuser -u camnang" in text
    assert f". {ENV_FILE}" in text
    assert f'{VENV_BIN}python manage.py "$@"' in text
    assert "cd /srv/camnang" in text
