#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks that po/POTFILES.in names every file with translatable strings, and only files
that exist. With --ui-strings, checks instead that every user-visible string in a .ui file
says whether it is translatable.

usage: check-potfiles.py SOURCE_ROOT [--ui-strings]
"""

import os
import re
import sys
import xml.etree.ElementTree as ET

from checklib import finish

# gettext calls as the glib preset of meson's i18n module extracts them.
C_KEYWORDS = re.compile(r'(?<![\w$])(?:_|N_|C_|NC_|Q_|g_dgettext|g_dngettext|g_dpgettext2?|'
                        r'g_dcgettext|gettext|ngettext|dgettext|dngettext)\s*\(')

# Data files whose strings xgettext finds through its ITS rules or desktop-file support.
DATA_SUFFIXES = ('.desktop.in', '.desktop.in.in', '.metainfo.xml.in', '.metainfo.xml.in.in',
                 '.gschema.xml.in')

# Properties that a person reads on screen.
UI_TEXT_PROPERTIES = {
    'label', 'title', 'subtitle', 'tooltip-text', 'tooltip-markup', 'placeholder-text',
    'description', 'text', 'heading', 'body', 'secondary-text', 'accelerator-label',
    'button-label', 'message', 'comments', 'copyright', 'website-label', 'show-more-label',
}


def strip_c_comments(text):
    """Drops comments but keeps string and character literals, so that `_()` in a
    comment does not count and `//` inside a URL literal does not eat a line."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith('/*', i):
            end = text.find('*/', i + 2)
            i = n if end < 0 else end + 2
            out.append(' ')
        elif text.startswith('//', i):
            end = text.find('\n', i)
            i = n if end < 0 else end
        elif c in '"\'':
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == '\\' else 1
            out.append(text[i:j + 1])
            i = j + 1
        else:
            out.append(c)
            i += 1
    return ''.join(out)


def has_translatable_strings(path):
    try:
        with open(path, encoding='utf-8') as f:
            text = f.read()
    except UnicodeDecodeError:
        return False
    if path.endswith(('.c', '.h')):
        return C_KEYWORDS.search(strip_c_comments(text)) is not None
    if path.endswith('.ui'):
        return re.search(r'translatable\s*=\s*"(?:yes|true|1)"', text) is not None
    if path.endswith(DATA_SUFFIXES):
        return True
    return False


def source_files(root):
    for top in ('src', 'data'):
        for dirpath, dirnames, filenames in os.walk(os.path.join(root, top)):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith('.'))
            for name in sorted(filenames):
                if name.endswith(('.c', '.h', '.ui') + DATA_SUFFIXES):
                    yield os.path.relpath(os.path.join(dirpath, name), root)


def read_potfiles(root):
    entries = []
    with open(os.path.join(root, 'po', 'POTFILES.in'), encoding='utf-8') as f:
        for number, line in enumerate(f, 1):
            line = line.strip()
            if line and not line.startswith('#'):
                entries.append((number, line))
    return entries


def check_potfiles(root):
    entries = read_potfiles(root)
    listed = {path for _, path in entries}
    problems = []

    for number, path in entries:
        if not os.path.isfile(os.path.join(root, path)):
            problems.append(f'po/POTFILES.in:{number}: {path} does not exist')
    seen = set()
    for number, path in entries:
        if path in seen:
            problems.append(f'po/POTFILES.in:{number}: {path} is listed twice')
        seen.add(path)

    checked = 0
    for path in source_files(root):
        checked += 1
        if has_translatable_strings(os.path.join(root, path)) and path not in listed:
            problems.append(f'{path}: has translatable strings but is missing from po/POTFILES.in')

    if checked == 0:
        problems.append('no source files found: is SOURCE_ROOT right?')
    return problems, f'{len(entries)} entries, {checked} source files scanned'


def check_ui_strings(root):
    problems = []
    files = [p for p in source_files(root) if p.endswith('.ui')]
    for path in files:
        try:
            tree = ET.parse(os.path.join(root, path))
        except ET.ParseError as e:
            problems.append(f'{path}: not well-formed XML: {e}')
            continue
        for element in tree.iter():
            if element.tag not in ('property', 'attribute', 'item'):
                continue
            if element.tag != 'item' and element.get('name') not in UI_TEXT_PROPERTIES:
                continue
            text = (element.text or '').strip()
            if not re.search(r'[^\W\d_]', text):
                continue  # empty, a number or punctuation: nothing to translate
            if element.get('translatable') is None:
                name = element.get('name', element.tag)
                problems.append(f'{path}: “{text}” ({name}) has no translatable="yes" '
                                f'(or translatable="no" if it is not for people)')
    return problems, f'{len(files)} .ui files scanned'


def main():
    args = [a for a in sys.argv[1:] if not a.startswith('--')]
    if len(args) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    root = args[0]
    if '--ui-strings' in sys.argv:
        problems, summary = check_ui_strings(root)
    else:
        problems, summary = check_potfiles(root)
    return finish(problems, summary)


if __name__ == '__main__':
    sys.exit(main())
