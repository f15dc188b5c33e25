#!/usr/bin/env bash
# CI's build (GitHub Actions and GitLab CI): check the content, then build the site into $1
# (default: site). Every error is printed; on GitHub it also goes to the job summary
# ($GITHUB_STEP_SUMMARY), so an editor sees what to fix without opening the log.
# CONTENT_DIR chooses another content folder (default: content).
set -uo pipefail
site_dir="${1:-site}"
content_dir="${CONTENT_DIR:-content}"
errors="$(mktemp)"
trap 'rm -f "$errors"' EXIT

summary() {
  if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then cat >> "$GITHUB_STEP_SUMMARY"; else cat > /dev/null; fi
}

run() {  # run TITLE COMMAND…: on failure, its errors go to the log and the summary, and CI stops
  local title="$1"
  shift
  if "$@" 2> "$errors"; then
    cat "$errors" >&2
    return 0
  fi
  cat "$errors" >&2
  printf '### %s: không thành công\n\nTrang đang công bố giữ nguyên. Sửa các lỗi sau (tệp:dòng:cột):\n\n```text\n%s\n```\n' \
    "$title" "$(cat "$errors")" | summary
  exit 1
}

run "Kiểm tra nội dung" python build.py check --content "$content_dir"
run "Dựng trang" python build.py build --content "$content_dir" --site-dir "$site_dir"
printf '### Đã dựng trang\n\n%s\n' "$(python build.py check --content "$content_dir")" | summary
