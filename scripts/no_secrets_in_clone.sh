#!/bin/sh
# CI's first step: the clone that a merge request builds holds no credential (ONDERHOUD.md, "Geheimen van CI").
# A token in .git/config is one `cat` away from a build step, and one symbolic link away from the site.
set -eu
config=$(git config --local --list 2>/dev/null || true)
# GitHub's checkout keeps its token as an extra header; a token or password can also sit in a remote's URL.
if printf '%s\n' "$config" | grep -Eiq 'extraheader|://[^/@[:space:]]+:[^/@[:space:]]+@|://[^/@[:space:]]*token[^/@[:space:]]*@'; then
  echo "FOUT: .git/config bevat een token of wachtwoord. Zet persist-credentials: false (GitHub) of FF_GIT_URLS_WITHOUT_TOKENS (GitLab)." >&2
  exit 1
fi
for secret in "${CI_JOB_TOKEN:-}" "${GITHUB_TOKEN:-}"; do
  if [ -n "$secret" ] && [ -f .git/config ] && grep -qF -- "$secret" .git/config; then
    echo "FOUT: .git/config bevat het token van deze CI-job." >&2
    exit 1
  fi
done
echo "Geen geheimen in de kloon."
