"""What every built page of the real site must be, read from its HTML: tables a screen reader can
name, charts with a text alternative, nothing inline that the Content-Security-Policy of
deploy/nginx.conf would block, what the page is built from and as of when, and illustrative data
always labelled."""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest

from publisher.pipeline import build
from tests.conftest import ROOT, TINY_CONTENT
from tests.page_types import NOT_FROM_CONTENT, page_type
from tests.site_reader import pages, resolve

NGINX_CONF = ROOT / "deploy" / "nginx.conf"
SAMPLE_LABEL = "Dữ liệu minh họa"


def content_security_policy() -> dict[str, list[str]]:
    """The policy in deploy/nginx.conf, directive → sources."""
    header = re.search(r'add_header Content-Security-Policy "([^"]+)" always;', NGINX_CONF.read_text(encoding="utf-8"))
    assert header, "deploy/nginx.conf không có Content-Security-Policy"
    return {name: sources for name, *sources in (part.split() for part in header.group(1).split(";") if part.strip())}


def test_every_table_has_header_cells_and_a_caption(real_site):
    missing = []
    for page in pages(real_site).values():
        assert "<p>|" not in page.html, f"{page.url_path}: một bảng Markdown không được dựng thành bảng"
        for table in re.finditer(r"<table[^>]*>(.*?)</table>", page.html, re.S):
            before = page.html[:table.start()]
            in_captioned_figure = re.search(r"<figure[^>]*>\s*<figcaption[^>]*>\s*<p>[^<\s][^<]*</p>\s*</figcaption>\s*$", before)
            if "<th" not in table.group(1):
                missing.append(f"{page.url_path}: bảng không có ô tiêu đề")
            if "<caption>" not in table.group(1) and not in_captioned_figure:
                missing.append(f"{page.url_path}: bảng không có chú thích: {table.group(1)[:120]}")
            if re.search(r"<th[^>]*>\s*</th>", table.group(1)):
                missing.append(f"{page.url_path}: ô tiêu đề trống")
    assert not missing, "\n".join(missing)


def test_the_chart_has_a_text_alternative_and_its_data_as_a_table(real_site):
    svg = (real_site / "co-so-o-nhiem" / "bieu-do-trang-thai.svg").read_text(encoding="utf-8")
    assert 'role="img" aria-labelledby="tieu-de mo-ta"' in svg
    assert re.search(r'<title id="tieu-de">Số cơ sở gây ô nhiễm[^<]+</title><desc id="mo-ta">[^<]+</desc>', svg)
    register = (real_site / "co-so-o-nhiem" / "index.html").read_text(encoding="utf-8")
    image = re.search(r'<img alt="([^"]+)" class="bieu-do" src="bieu-do-trang-thai.svg"', register)
    assert image and image.group(1).startswith("Biểu đồ số cơ sở theo trạng thái cuối mỗi năm")
    after = register[image.end():]
    assert after.index("Số cơ sở theo trạng thái cuối mỗi năm (số liệu của biểu đồ)") < after.index("</table>")


def test_nothing_inline_that_the_security_policy_blocks(real_site):
    """No inline script (Material's moved to assets/md-scope.js), no on…= handler, no style
    attribute or element: the policy allows scripts and styles from files only."""
    found = []
    for file in sorted(real_site.rglob("*.html")):
        html = file.read_text(encoding="utf-8")
        where = str(file.relative_to(real_site))
        for script in re.finditer(r"<script\b([^>]*)>(.*?)</script>", html, re.S):
            attributes, body = script.groups()
            if "src=" not in attributes and 'type="application/json"' not in attributes:
                found.append(f"{where}: script viết trong trang: {body[:80]}")
        found += [f"{where}: {m.group(0)}" for m in re.finditer(r"<[a-z][^>]*\son[a-z]+\s*=", html)]
        found += [f"{where}: {m.group(0)[:80]}" for m in re.finditer(r"<[a-z][^>]*\sstyle\s*=[^>]*>|<style\b", html)]
    assert not found, "\n".join(found)


def test_the_security_policy_allows_this_site_only_and_nothing_inline():
    policy = content_security_policy()
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'", "'wasm-unsafe-eval'"]  # Pagefind's WebAssembly, no JS eval
    assert policy["style-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"] and policy["object-src"] == ["'none'"]
    assert not any("unsafe-inline" in source or source == "*" for sources in policy.values() for source in sources)
    conf = NGINX_CONF.read_text(encoding="utf-8")
    for header in ("X-Content-Type-Options", "Referrer-Policy", "Permissions-Policy", "Cache-Control"):
        assert re.search(rf"^\s*add_header {header} .+ always;$", conf, re.M), header
    # add_header inside a location would drop every header above for that location
    assert not re.search(r"location[^{]*\{[^}]*add_header", conf)


def test_every_page_says_what_it_is_built_from_and_as_of_when(real_site):
    without = []
    for page in pages(real_site).values():
        kind = page_type(page.html)
        if kind in NOT_FROM_CONTENT:
            continue
        footer = re.search(r'<p class="nguon-trang">(.*?)</p>', page.html, re.S)
        if not footer:
            without.append(page.url_path)
            continue
        text = " ".join(re.sub(r"<[^>]+>", "", footer.group(1)).split())
        assert re.fullmatch(
            r"Trang dựng từ content/\S*, nội dung theo phiên bản [0-9a-f]{10}\. "
            r"Dữ liệu tính đến 22/11/2026; trang dựng ngày 22/11/2026\.", text), (page.url_path, text)
        assert '<time datetime="2026-11-22">22/11/2026</time>' in footer.group(1)
    assert not without, f"trang không ghi nguồn: {without}"
    plan = (real_site / "ke-hoach" / "kh-75-2012" / "index.html").read_text(encoding="utf-8")
    assert "Trang dựng từ\n    <code>content/plans/kh-75-2012/</code>" in plan


def test_provenance_links_to_the_source_when_the_repository_is_known(tmp_path, monkeypatch):
    monkeypatch.setenv("SITE_REPO_URL", "https://kho.example.org/to-chuc/ke-hoach")
    monkeypatch.setenv("SITE_EDIT_URI", "edit/main/")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 01/01/2026 00:00 UTC = 07:00 in Hanoi
    site = tmp_path / "site"
    build(TINY_CONTENT, site)
    agency = (site / "co-quan" / "so-moi" / "index.html").read_text(encoding="utf-8")
    footer = re.search(r'<p class="nguon-trang">(.*?)</p>', agency, re.S).group(1)
    assert '<a href="https://kho.example.org/to-chuc/ke-hoach/blob/main/tests/fixtures/tiny/content/agencies/so-moi.yml">' in footer
    assert "Dữ liệu tính đến <time datetime=\"2025-12-31\">31/12/2025</time>; trang dựng ngày 01/01/2026." in footer


def test_illustrative_data_is_labelled_wherever_it_is_shown(real_site):
    """A page about an illustrative facility or list says so in a notice at its top; any page
    without that notice that links to one says so next to the link (same table row or list item)."""
    notice = f'<p class="admonition-title">{SAMPLE_LABEL}</p>'
    site_pages = pages(real_site)
    illustrative = {file for file, page in site_pages.items()
                    if page_type(page.html) in ("facility", "facility-list") and notice in page.html}
    assert len(illustrative) == 12 + 7  # every facility and yearly list of content/ is illustrative for now
    assert notice in site_pages[real_site / "co-so-o-nhiem" / "index.html"].html
    unlabelled, checked = [], 0
    for page in site_pages.values():
        if notice in page.html:
            continue
        for block in re.split(r"</tr>|</li>|</p>", page.html):
            for href in re.findall(r'<a href="([^"#]+)"', block):
                target = resolve(real_site, page, href)
                if target and target[0] in illustrative:
                    checked += 1
                    if SAMPLE_LABEL not in block:
                        unlabelled.append(f"{page.url_path} → {href}")
    assert not unlabelled, "\n".join(unlabelled)
    assert checked >= 12  # the agencies' pages link to the facilities they handle


def test_nginx_accepts_the_sample_configuration(tmp_path):
    """`nginx -t` on deploy/nginx.conf, inside a minimal main configuration, with a throwaway
    certificate. Needs nginx (or NGINX=path/to/nginx) and openssl; skipped without them."""
    nginx = os.environ.get("NGINX") or shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None)
    if not nginx or not shutil.which("openssl"):
        pytest.skip("BỎ QUA: không có nginx hoặc openssl (apt-get install nginx)")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=thu",
                    "-keyout", str(tmp_path / "privkey.pem"), "-out", str(tmp_path / "fullchain.pem")],
                   check=True, capture_output=True)
    site_conf = tmp_path / "ke-hoach.conf"
    site_conf.write_text(NGINX_CONF.read_text(encoding="utf-8").replace("/etc/ssl/ke-hoach", str(tmp_path)), encoding="utf-8")
    main = tmp_path / "nginx.conf"
    main.write_text(f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
                    f"http {{ include {site_conf}; }}\n", encoding="utf-8")
    result = subprocess.run([nginx, "-t", "-p", str(tmp_path), "-c", str(main)], capture_output=True, text=True)
    assert "syntax is ok" in result.stderr, result.stderr
