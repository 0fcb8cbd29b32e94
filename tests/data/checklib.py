# SPDX-License-Identifier: GPL-3.0-or-later
"""What the check-*.py scripts share: one way to report and exit."""


def finish(problems, summary=''):
    """Prints every problem and a last line that says how it went; returns the exit status."""
    for p in problems:
        print(p)
    tail = f'; {summary}' if summary else ''
    if problems:
        print(f'FAIL: {len(problems)} problem(s){tail}')
        return 1
    print(f'ok{tail}')
    return 0
