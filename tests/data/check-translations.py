#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Extracts the message catalogue the way `meson compile longwave-pot` does (into a temp
dir, not over po/), and checks that:
  - xgettext reads every file in po/POTFILES.in without a warning,
  - every listed file gives at least one message (a listed file with none is a stale entry
    or a string xgettext cannot see),
  - the catalogue and every po/*.po pass `msgfmt --check`.

usage: check-translations.py SOURCE_ROOT
"""

import glob
import os
import re
import subprocess
import sys
import tempfile

from checklib import finish

# Meson's i18n.gettext(preset: 'glib') arguments.
XGETTEXT_ARGS = [
    '--from-code=UTF-8', '--add-comments',
    '--keyword=_', '--keyword=N_', '--keyword=C_:1c,2', '--keyword=NC_:1c,2',
    '--keyword=g_dcgettext:2', '--keyword=g_dngettext:2,3', '--keyword=g_dpgettext2:2c,3',
    '--flag=N_:1:pass-c-format', '--flag=C_:2:pass-c-format', '--flag=NC_:2:pass-c-format',
    '--flag=g_dngettext:2:pass-c-format', '--flag=g_strdup_printf:1:c-format',
    '--flag=g_string_printf:2:c-format', '--flag=g_string_append_printf:2:c-format',
    '--flag=g_error_new:3:c-format', '--flag=g_set_error:4:c-format',
    '--flag=g_markup_printf_escaped:1:c-format', '--flag=g_log:3:c-format',
    '--flag=g_print:1:c-format', '--flag=g_printerr:1:c-format', '--flag=g_printf:1:c-format',
    '--flag=g_fprintf:2:c-format', '--flag=g_sprintf:2:c-format', '--flag=g_snprintf:3:c-format',
]


def run(cmd, **kwargs):
    return subprocess.run(cmd, capture_output=True, text=True, **kwargs)


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    root = os.path.abspath(sys.argv[1])
    problems = []

    with open(os.path.join(root, 'po', 'POTFILES.in'), encoding='utf-8') as f:
        listed = [l.strip() for l in f if l.strip() and not l.lstrip().startswith('#')]

    with tempfile.TemporaryDirectory(prefix='lw-po-') as tmp:
        pot = os.path.join(tmp, 'longwave.pot')
        r = run(['xgettext', '--package-name=longwave', '--msgid-bugs-address=none',
                 '--directory', root, '--files-from', os.path.join(root, 'po', 'POTFILES.in'),
                 '--output', pot] + XGETTEXT_ARGS)
        if r.returncode != 0 or r.stderr.strip():
            problems.append('xgettext:\n' + r.stderr.strip())
        if not os.path.exists(pot):
            problems.append('xgettext wrote no catalogue')
        else:
            with open(pot, encoding='utf-8') as f:
                catalogue = f.read()
            references = set(re.findall(r'^#: (.*)$', catalogue, re.M))
            referenced = {ref.rsplit(':', 1)[0] for line in references for ref in line.split()}
            for path in listed:
                if path not in referenced:
                    problems.append(f'{path}: listed in po/POTFILES.in, but xgettext finds no '
                                    f'message in it')
            count = catalogue.count('\nmsgid "') - 1  # minus the header
            print(f'{count} messages from {len(listed)} files')

            # An English catalogue, where msginit fills the header and copies every msgid into
            # its msgstr: msgfmt then checks the header, plural forms and c-format strings.
            en = os.path.join(tmp, 'en.po')
            r = run(['msginit', '--no-translator', '--locale=en_US.UTF-8',
                     '--input', pot, '--output-file', en])
            if r.returncode != 0:
                problems.append('msginit:\n' + r.stderr.strip())
            else:
                r = run(['msgfmt', '--check', '--output-file', os.devnull, en])
                if r.returncode != 0 or r.stderr.strip():
                    problems.append('msgfmt --check (catalogue):\n' + r.stderr.strip())

        for po in sorted(glob.glob(os.path.join(root, 'po', '*.po'))):
            r = run(['msgfmt', '--check', '--output-file', os.devnull, po])
            if r.returncode != 0 or r.stderr.strip():
                problems.append(f'msgfmt --check {os.path.basename(po)}:\n' + r.stderr.strip())
            else:
                print(f'{os.path.basename(po)}: ok')

    return finish(problems)


if __name__ == '__main__':
    sys.exit(main())
