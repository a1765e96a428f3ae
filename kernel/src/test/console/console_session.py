"""Types cells into `jupyter console` on a pseudo-terminal, as a user would, and records what it shows.

Usage: console_session.py CELLS.json TRANSCRIPT.json [jupyter console options...]

CELLS.json is a list of cells (strings, possibly several lines). Each line is typed followed by
Enter; after every line but a cell's last, the console must show its continuation prompt
("...:"), which it does only when the kernel answers is_complete with "incomplete". The
transcript lists, per cell, the continuation prompts seen and the text shown up to the next
"In [n]:" prompt (ANSI codes removed). Then Ctrl-D (confirmed) ends the console. Every wait is
bounded.
"""
import json
import os
import re
import sys

import pexpect

ANSI = r'(?:\x1b\[[0-9;?]*[a-zA-Z])*'
CONTINUATION = re.compile(r'\.\.\.' + ANSI + ':')
TIMEOUT = 120


def in_prompt(n):
    return re.compile('In ' + ANSI + r'\[' + ANSI + str(n) + ANSI + r'\]' + ANSI + ':')


def plain(text):
    return re.sub(r'\x1b\[[0-9;?]*[a-zA-Z]', '', text).replace('\r', '')


def main(argv):
    cells_file, transcript_file = argv[1], argv[2]
    with open(cells_file, encoding='utf-8') as f:
        cells = json.load(f)
    jupyter = os.path.join(os.path.dirname(sys.executable), 'jupyter')
    env = dict(os.environ, TERM='xterm', PROMPT_TOOLKIT_NO_CPR='1')
    child = pexpect.spawn(jupyter, ['console'] + argv[3:], env=env, encoding='utf-8', timeout=TIMEOUT,
                          dimensions=(50, 160))
    transcript = {'banner': '', 'cells': [], 'error': None}
    try:
        child.expect(in_prompt(1))
        transcript['banner'] = plain(child.before)
        for number, cell in enumerate(cells, start=1):
            lines = cell.split('\n')
            continuations = 0
            for i, line in enumerate(lines):
                child.send(line + '\r')
                if i < len(lines) - 1:
                    child.expect(CONTINUATION)
                    continuations += 1
            child.expect(in_prompt(number + 1))
            transcript['cells'].append({'cell': cell, 'continuations': continuations, 'shown': plain(child.before)})
        # Ctrl-D at an empty prompt, then confirm: the console shuts the kernel down and ends.
        child.send('\x04')
        child.expect(re.compile(r'exit \(\[y\]/n\)\?'))
        child.send('y\r')
        child.expect(pexpect.EOF)
        transcript['shown_at_exit'] = plain(child.before)
    except (pexpect.TIMEOUT, pexpect.EOF) as e:
        transcript['error'] = '%s while waiting; the console showed:\n%s' % (type(e).__name__, plain(child.before or ''))
    finally:
        child.close(force=True)
        transcript['exit_status'] = child.exitstatus
        with open(transcript_file, 'w', encoding='utf-8') as f:
            json.dump(transcript, f, indent=2)
    return 1 if transcript['error'] else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
