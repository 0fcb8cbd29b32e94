#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks the app icons: every SVG is valid XML (xmllint --noout), each icon the build can
install exists, the full-colour icons draw on a 128×128 canvas, and the symbolic icon is a
16×16 drawing of fills only (GTK recolours symbolic icons by their fill; a stroke would be
painted as a filled blob).

usage: check-icons.py ICONS_DIR BASE_ID
"""

import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

from checklib import finish

SVG = '{http://www.w3.org/2000/svg}'


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    icons, base_id = sys.argv[1:]
    if shutil.which('xmllint') is None:
        print('xmllint is not installed: skipped (build-aux/install-deps.sh installs it)')
        return 77
    problems = []
    expected = {
        f'hicolor/scalable/apps/{base_id}.svg': 128,
        f'hicolor/scalable/apps/{base_id}.Devel.svg': 128,
        f'hicolor/symbolic/apps/{base_id}-symbolic.svg': 16,
        f'hicolor/symbolic/apps/{base_id}.Devel-symbolic.svg': 16,
    }

    found = []
    for dirpath, _, filenames in os.walk(icons):
        found += [os.path.relpath(os.path.join(dirpath, n), icons)
                  for n in filenames if n.endswith('.svg')]
    for path in sorted(set(expected) - set(found)):
        problems.append(f'{path}: missing')

    for path in sorted(found):
        full = os.path.join(icons, path)
        if not os.path.exists(full):
            problems.append(f'{path}: a dangling symbolic link')
            continue
        r = subprocess.run(['xmllint', '--noout', full], capture_output=True, text=True)
        if r.returncode != 0:
            problems.append(f'{path}: xmllint:\n{r.stderr.strip()}')
            continue
        root = ET.parse(full).getroot()
        if root.tag != SVG + 'svg':
            problems.append(f'{path}: the root element is {root.tag}, not an SVG <svg>')
            continue
        size = expected.get(path, 16 if '/symbolic/' in path else 128)
        want = f'0 0 {size} {size}'
        if root.get('viewBox') != want or root.get('width') != str(size) \
           or root.get('height') != str(size):
            problems.append(f'{path}: expected width/height {size} and viewBox "{want}"')
        if '/symbolic/' in path:
            for element in root.iter():
                stroke = element.get('stroke')
                if stroke not in (None, 'none') or 'stroke:' in element.get('style', ''):
                    problems.append(f'{path}: <{element.tag.replace(SVG, "")}> has a stroke')
                if element.tag in (SVG + 'image', SVG + 'text'):
                    problems.append(f'{path}: <{element.tag.replace(SVG, "")}> in a symbolic icon')
        print(f'{path}: checked')

    return finish(problems)


if __name__ == '__main__':
    sys.exit(main())
