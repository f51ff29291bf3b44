#!/usr/bin/env python3
"""compare.py -- does fouille binary B behave exactly like binary A?

Driven by compare.sh (usage: compare.sh A B OUT).  Python 3 stdlib only.

For every corpus: builds the index with A then with B (never at once), compares
the generation files that are fouille's own (passages.table, vocabulary.fst byte
for byte, the manifest minus time stamps and version keys) and the summary line,
then runs the same commands with both binaries (search in JSON and text, with
--explain, --limit 0, paging, a misspelt and an excluding variant of each query,
queries drawn by `bench --vocabulary`, edge cases, show, analyze, eval) and
compares stdout, stderr and exit status after removing what depends on time
(see normalise_*).  Writes OUT/report.txt and OUT/diffs/.
"""
import difflib
import hashlib
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

MAIN = os.environ.get('FOUILLE_MAIN', '/work/main')
SHARED = os.environ.get('FOUILLE_SHARED', '/work/shared')
SCALE = os.environ.get('SCALE_CORPUS', '/work/scale')
HELP = os.environ.get('HELP_CORPORA', '/work/help')
VOCAB_N = int(os.environ.get('VOCAB_N', '300'))
SHOW_DIFFS = int(os.environ.get('SHOW_DIFFS', '5'))
JOBS = int(os.environ.get('JOBS', '1'))   # searches run at once (index builds: always one)

Q_SEED = f'{MAIN}/tests/data/dev.jsonl'
Q_FAQ = f'{MAIN}/tests/data/faq/dev.jsonl'
Q_HELP = f'{SHARED}/eval/help/help-dev.jsonl'

# name -> corpus dir, query sets run on it, qrels evaluated on it
CORPORA = [
    ('seed', f'{MAIN}/corpus', ['seed', 'edge'], [Q_SEED]),
    ('faq', f'{MAIN}/tests/data/faq/corpus', ['faq'], [Q_FAQ]),
    ('help-small', f'{HELP}/small', ['help'], [Q_HELP]),
    # help/large = the scale corpus with the 100 judged pages' title lines neutralised
    # (make-help-corpus.py): the corpus the help judgements are meant for at 18 MB.
    ('help-large', f'{HELP}/large', ['help'], [Q_HELP]),
    # (the seed dev queries are searched on scale too, but not evaluated: no snippet is there)
    ('scale', SCALE, ['faq', 'seed', 'help', 'edge'], [Q_FAQ, Q_HELP]),
]
if os.environ.get('CORPORA'):
    keep = os.environ['CORPORA'].split(',')
    CORPORA = [c for c in CORPORA if c[0] in keep]

# Queries no judgement file holds: the syntax and error paths.
EDGE = [
    'interopérabilité', '"jumeaux virtuels"', '« jumeaux virtuels »', '“jumeaux virtuels”',
    'Que dire de « sid » ?', '-données', '-"jumeaux virtuels"', 'santé -données',
    'santé -"intelligence artificielle"', 'données OR santé', 'OR', '-', '!!! ???', '🙂🙂',
    'le la les de des', "l'IA aujourd'hui", 'AI Act', 'combien coûte le projet ?',
    'quand la loi a-t-elle été votée ?', 'cryptomonnaie bitcoin', 'algoritmes confidentialte',
    'telemedicine gouvernment', 'INTEROPERABILITE', '"interopérabilité des systèmes"',
    '"une phrase absente du corpus"', 'apt-get --option -xf', 'dpkg -i paquet.deb',
    '12,5 % 3.5', 'ﬁchier\u00adsoft ’apostrophe’', 'مرحبا 中文 santé', 'a' * 40,
    '"unpaired quote', 'x ' * 300,
]

VARIANTS = [  # name, search flags, query transform
    ('json', ['--json', '--limit', '10'], None),
    ('text', ['--limit', '10'], None),
    ('explain', ['--json', '--explain', '--limit', '10'], None),
    ('explain-text', ['--explain', '--limit', '5'], None),
    ('limit0', ['--json', '--limit', '0'], None),
    ('page2', ['--json', '--offset', '5', '--limit', '5'], None),
    ('typo', ['--json', '--limit', '10'], 'typo'),
    ('excl', ['--json', '--limit', '10'], 'excl'),
    ('exclphrase', ['--json', '--limit', '10'], 'exclphrase'),
]
EDGE_VARIANTS = ['json', 'text', 'explain', 'limit0', 'page2']

WORD = re.compile(r'[^\W\d_]+')


def typo(q):
    """The query with two adjacent letters swapped in the middle of its longest word
    (first on ties), or None when no word has 4 letters or two different ones."""
    words = [m for m in WORD.finditer(q) if len(m.group()) >= 4]
    if not words:
        return None
    m = max(words, key=lambda m: (len(m.group()), -m.start()))
    w = m.group()
    for i in list(range(len(w) // 2 - 1, len(w) - 1)) + list(range(0, len(w) // 2 - 1)):
        if w[i].lower() != w[i + 1].lower():
            w2 = w[:i] + w[i + 1] + w[i] + w[i + 2:]
            return q[:m.start()] + w2 + q[m.end():]
    return None


def excl(q):
    """The query with `-word` appended: its shortest word of 4+ letters other than the
    longest (first on ties), else `-debian`."""
    words = [m.group() for m in WORD.finditer(q) if len(m.group()) >= 4]
    if len(words) >= 2:
        longest = max(words, key=len)
        rest = [w for w in words if w != longest] or words[1:]
        return f'{q} -{min(rest, key=len)}'
    return f'{q} -debian'


def exclphrase(q):
    """The query with `-"t1 t2"` appended, t1 t2 its last two space-separated tokens holding
    a letter (end punctuation stripped), else a fixed phrase."""
    toks = [t.strip('?!.,;:«»"“”()') for t in q.split()]
    toks = [t for t in toks if WORD.search(t)]
    if len(toks) >= 3:
        return f'{q} -"{toks[-2]} {toks[-1]}"'
    return f'{q} -"logiciel libre"'


TRANSFORMS = {'typo': typo, 'excl': excl, 'exclphrase': exclphrase}


def load_queries(path):
    out = []
    with open(path, encoding='utf-8') as f:
        for line in f:
            if line.strip():
                d = json.loads(line)
                out.append((d['id'], d['query']))
    return out


def query_set(name):
    if name == 'edge':
        return [(f'edge-{i:02d}', q) for i, q in enumerate(EDGE)]
    return load_queries({'seed': Q_SEED, 'faq': Q_FAQ, 'help': Q_HELP}[name])


# --------------------------------------------------------------------------
# normalisation: what depends on time, on the machine or on OUT/A vs OUT/B
# --------------------------------------------------------------------------
def normalise_common(s, out):
    s = s.replace(f'{out}/A/', f'{out}/X/').replace(f'{out}/B/', f'{out}/X/')
    return s


def normalise_stdout(s, out):
    s = normalise_common(s, out)
    s = re.sub(r'"took_us":\s*\d+', '"took_us":0', s)                     # search --json
    s = re.sub(r'shown \(\d+ µs\)', 'shown (N µs)', s)                     # search text
    if os.environ.get('DROP_EXACT'):
        # a citation field added on purpose: "exact":true on every passage
        # of a one-paragraph-a-line UTF-8 corpus
        s = s.replace('"exact":true,', '').replace('"exact": true,', '')
        s = s.replace(',"code":true', '').replace(',\n    "code": true', '')
    return s


def normalise_stderr(s, out):
    s = normalise_common(s, out)
    # progress lines of a build (every 2 s; how many depends on speed)
    s = '\n'.join(l for l in s.split('\n') if not l.startswith('fouille: indexing: '))
    return s


def normalise_index_summary(s, out):
    s = normalise_common(s, out)
    s = re.sub(r' in [\d.]+ s \([\d.]+ MB/s\)', ' in T s (R MB/s)', s)
    s = re.sub(r', peak memory \d+ MB', ', peak memory M MB', s)
    return s


TIMING_KEY = re.compile(r'(^|_)(took|elapsed|seconds|secs|duration|time|us|ms)($|_)|built_unix')


def strip_timing(v):
    """Drops timing-looking keys from a JSON value (eval --json)."""
    if isinstance(v, dict):
        return {k: strip_timing(x) for k, x in v.items() if not TIMING_KEY.search(k)}
    if isinstance(v, list):
        return [strip_timing(x) for x in v]
    return v


def normalise_eval(s, out):
    s = normalise_common(s, out)
    try:
        return json.dumps(strip_timing(json.loads(s)), ensure_ascii=False, indent=1)
    except ValueError:
        return s


# --------------------------------------------------------------------------
# running
# --------------------------------------------------------------------------
def run(cmd, cwd):
    p = subprocess.run(cmd, cwd=cwd, stdin=subprocess.DEVNULL, capture_output=True,
                       env=dict(os.environ, NO_COLOR='1', RUST_BACKTRACE='0'))
    return p.returncode, p.stdout.decode('utf-8', 'replace'), p.stderr.decode('utf-8', 'replace')


class Results:
    """Outputs of one binary, keyed by a case name."""

    def __init__(self):
        self.cases = {}

    def add(self, key, cmd, rc, out, err):
        self.cases[key] = dict(cmd=cmd, rc=rc, stdout=out, stderr=err)


def sha(path):
    h = hashlib.sha256()
    with open(path, 'rb') as f:
        for chunk in iter(lambda: f.read(1 << 20), b''):
            h.update(chunk)
    return h.hexdigest()


def generation(index):
    with open(os.path.join(index, 'CURRENT')) as f:
        return os.path.join(index, f.read().strip())


MANIFEST_DROP = re.compile(r'version|built|unix|time|stamp', re.I)


def manifest_view(gen):
    with open(os.path.join(gen, 'fouille-manifest.json'), encoding='utf-8') as f:
        m = json.load(f)
    kept = {k: v for k, v in m.items() if not MANIFEST_DROP.search(k)}
    dropped = {k: v for k, v in m.items() if MANIFEST_DROP.search(k)}
    return json.dumps(kept, ensure_ascii=False, indent=1).split('\n'), dropped


# --------------------------------------------------------------------------
# bench --vocabulary: its queries, caught by a stand-in HTTP server
# --------------------------------------------------------------------------
class Catcher(http.server.BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'
    disable_nagle_algorithm = True
    wbufsize = 1 << 16        # headers and body in one write (flushed after each request)
    seen = None

    def do_GET(self):
        u = urllib.parse.urlsplit(self.path)
        q = urllib.parse.parse_qs(u.query, keep_blank_values=True).get('q', [None])[0]
        Catcher.seen.append(q)
        body = b'{}'
        self.send_response(200)
        self.send_header('Content-Type', 'application/json')
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *a):
        pass


def vocabulary_queries(binary, index, cwd, n):
    """The n queries `bench --vocabulary n` draws from the index, in its order:
    bench sends each over HTTP once in its warm-up, in order, before timing."""
    Catcher.seen = []
    srv = http.server.ThreadingHTTPServer(('127.0.0.1', 0), Catcher)
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    try:
        rc, out, err = run([binary, 'bench', '--index', index, '--vocabulary', str(n),
                            '--iterations', '1', '--warmup', '1', '--json',
                            '--http', f'http://127.0.0.1:{srv.server_address[1]}'], cwd)
    finally:
        srv.shutdown()
        srv.server_close()
    count = None
    try:
        count = json.loads(out)['queries']
    except (ValueError, KeyError, TypeError):
        pass
    seen = list(Catcher.seen)
    qs = seen[:count] if count else []
    # sanity: the timed pass sends the same queries again
    ok = rc == 0 and count is not None and len(seen) >= 2 * count and seen[count:2 * count] == qs
    return qs, dict(rc=rc, count=count, requests=len(seen), consistent=ok, stderr=err[-2000:])


# --------------------------------------------------------------------------
def log(*a):
    print(*a, flush=True)


def main():
    A, B, OUT = (os.path.abspath(x) for x in sys.argv[1:4])
    cwd = OUT   # both binaries run from the same directory (citations' `file` is cwd-relative)
    # each binary is run through a symlink named `fouille`: clap prints argv[0]'s file
    # name in usage and errors, and the two binaries' own names may differ
    bins = {}
    for k, path in (('A', A), ('B', B)):
        os.makedirs(f'{OUT}/{k}/bin', exist_ok=True)
        link = f'{OUT}/{k}/bin/fouille'
        if os.path.lexists(link):
            os.remove(link)
        os.symlink(path, link)
        bins[k] = link
    report = []

    def say(*a):
        line = ' '.join(str(x) for x in a)
        report.append(line)
        log(line)

    os.makedirs(f'{OUT}/diffs', exist_ok=True)
    t_start = time.time()
    say(f'A = {A}  (sha256 {sha(A)[:16]})')
    say(f'B = {B}  (sha256 {sha(B)[:16]})')
    for k in 'AB':
        rc, o, e = run([bins[k], '--version'], cwd)
        say(f'{k} --version: {o.strip() or e.strip()}')

    res = {'A': Results(), 'B': Results()}
    index_problems = []
    timings = []

    # 1. indexes, one build at a time
    for name, corpus, _, _ in CORPORA:
        if not os.path.isdir(corpus):
            say(f'!! corpus {name} missing: {corpus}')
            sys.exit(1)
        views = {}
        for k in 'AB':
            idx = f'{OUT}/{k}/{name}'
            shutil.rmtree(idx, ignore_errors=True)
            os.makedirs(os.path.dirname(idx), exist_ok=True)
            t0 = time.monotonic()
            rc, o, e = run([bins[k], 'index', '--corpus', corpus, '--index', idx], cwd)
            wall = time.monotonic() - t0
            timings.append((name, k, wall))
            res[k].add(f'index/{name}', 'index', rc, normalise_index_summary(o, OUT),
                       normalise_stderr(e, OUT))
            if rc != 0:
                say(f'!! {k} index {name} failed (rc {rc}): {e.strip()[:500]}')
                views[k] = None
                continue
            gen = generation(idx)
            mview, dropped = manifest_view(gen)
            files = {f: (os.path.getsize(os.path.join(gen, f)), sha(os.path.join(gen, f)))
                     for f in ('passages.table', 'vocabulary.fst')}
            views[k] = dict(gen=gen, manifest=mview, dropped=dropped, files=files,
                            nfiles=len(os.listdir(gen)), summary=o.strip())
        say(f'index {name:10s} A {timings[-2][2]:6.2f} s   B {timings[-1][2]:6.2f} s   '
            f'({corpus})')
        a, b = views['A'], views['B']
        if a is None or b is None:
            index_problems.append(f'{name}: a build failed')
            continue
        for f in ('passages.table', 'vocabulary.fst'):
            same = a['files'][f] == b['files'][f]
            if not same:
                rc = subprocess.run(['cmp', os.path.join(a['gen'], f), os.path.join(b['gen'], f)],
                                    capture_output=True, text=True)
                index_problems.append(f'{name}: {f} differs: A {a["files"][f][0]} B '
                                      f'{b["files"][f][0]} bytes; {(rc.stdout + rc.stderr).strip()}')
            say(f'    {f:15s} {"identical" if same else "DIFFERENT"}  '
                f'({a["files"][f][0]} bytes, sha256 {a["files"][f][1][:16]})')
        if a['manifest'] != b['manifest']:
            d = '\n'.join(difflib.unified_diff(a['manifest'], b['manifest'], 'A manifest',
                                               'B manifest', lineterm='', n=2))
            index_problems.append(f'{name}: manifest differs:\n{d[:4000]}')
            say(f'    manifest        DIFFERENT\n{d[:4000]}')
        else:
            say(f'    manifest        identical (keys left out: '
                f'{", ".join(sorted(a["dropped"]))})')
        for key in sorted(set(a['dropped']) | set(b['dropped'])):
            if 'built' in key or 'unix' in key:
                continue
            if a['dropped'].get(key) != b['dropped'].get(key):
                say(f'    note: manifest {key}: A {a["dropped"].get(key)!r}  '
                    f'B {b["dropped"].get(key)!r}')
        if a['nfiles'] != b['nfiles']:
            say(f'    note: generation holds {a["nfiles"]} files with A, {b["nfiles"]} with B '
                '(tantivy segments; not compared)')

    # 2. vocabulary queries drawn by `bench --vocabulary`, with each binary
    vocab = {}
    for name, corpus, _, _ in CORPORA:
        lists = {}
        for k in 'AB':
            qs, info = vocabulary_queries(bins[k], f'{OUT}/{k}/{name}', cwd, VOCAB_N)
            lists[k] = qs
            res[k].add(f'vocabulary-queries/{name}', 'bench --vocabulary (queries drawn)',
                       info['rc'], json.dumps(qs, ensure_ascii=False, indent=0), '')
            if not info['consistent']:
                say(f'!! {k} bench --vocabulary on {name}: could not catch its queries: {info}')
        union = list(dict.fromkeys(lists['A'] + lists['B']))
        vocab[name] = [(f'v{i:03d}', q) for i, q in enumerate(union)]
        say(f'vocabulary {name:10s} {len(lists["A"])} queries drawn by A, {len(lists["B"])} by B, '
            f'{"same" if lists["A"] == lists["B"] else "DIFFERENT"}')
    with open(f'{OUT}/vocabulary-queries.json', 'w', encoding='utf-8') as f:
        json.dump({n: [q for _, q in v] for n, v in vocab.items()}, f, ensure_ascii=False, indent=1)

    # 3. the cases: (key, argv after the binary, kind)
    cases = []
    for name, corpus, sets, qrels in CORPORA:
        idx = '{OUT}/{K}/' + name
        for qs_name in sets:
            variants = EDGE_VARIANTS if qs_name == 'edge' else [v[0] for v in VARIANTS]
            for qid, q in query_set(qs_name):
                for vname, flags, tf in VARIANTS:
                    if vname not in variants:
                        continue
                    qq = TRANSFORMS[tf](q) if tf else q
                    if qq is None:
                        continue
                    cases.append((f'search/{name}/{qs_name}/{qid}/{vname}',
                                  ['search', '--index', idx] + flags + ['--', qq], 'search'))
        for qid, q in vocab[name]:
            cases.append((f'search/{name}/vocab/{qid}/json',
                          ['search', '--index', idx, '--json', '--limit', '10', '--', q], 'search'))
        for qpath in qrels:
            qn = os.path.basename(os.path.dirname(qpath)) + '-' + os.path.basename(qpath)
            cases.append((f'eval/{name}/{qn}/json',
                          ['eval', '--qrels', qpath, '--index', idx, '--json'], 'eval'))
            cases.append((f'eval/{name}/{qn}/text',
                          ['eval', '--qrels', qpath, '--index', idx, '--worst', '10'], 'eval'))
        # error paths of show
        for bad in ['no_such_doc:1', '', ':', 'x' * 300]:
            cases.append((f'show/{name}/bad/{bad[:20]!r}', ['show', '--index', idx, '--json', '--', bad],
                          'show'))
    # the command line itself
    for sub in ['', 'index', 'search', 'show', 'analyze', 'eval', 'serve', 'bench']:
        cases.append((f'cli/help/{sub or "main"}', ([sub] if sub else []) + ['--help'], 'cli'))
    cases.append(('cli/version', ['--version'], 'cli'))
    for bad in (['search'], ['search', '--limit', 'x', 'a'], ['search', '--bogus', 'a'],
                ['search', '--limit', '18446744073709551616', 'a'], ['nonsense'], []):
        cases.append((f'cli/usage/{" ".join(bad) or "none"}', bad, 'cli'))
    # analyze: every distinct query and variant (no index)
    seen = set()
    for name, corpus, sets, _ in CORPORA:
        for qs_name in sets:
            for qid, q in query_set(qs_name):
                for qq in [q] + [TRANSFORMS[t](q) for t in TRANSFORMS]:
                    if qq and qq not in seen:
                        seen.add(qq)
                        n = len(seen)
                        cases.append((f'analyze/{n:04d}/json', ['analyze', '--json', '--', qq], 'analyze'))
                        cases.append((f'analyze/{n:04d}/text', ['analyze', '--', qq], 'analyze'))

    def run_cases(cases, label):
        t0 = time.monotonic()
        for k in 'AB':
            def one(case):
                key, argv, kind = case
                argv = [x.replace('{OUT}', OUT).replace('{K}', k) for x in argv]
                rc, o, e = run([bins[k]] + argv, cwd)
                o = normalise_eval(o, OUT) if kind == 'eval' and '--json' in argv else \
                    normalise_stdout(o, OUT)
                return key, ' '.join(argv), rc, o, normalise_stderr(e, OUT)
            with ThreadPoolExecutor(max_workers=max(1, JOBS)) as ex:
                for r in ex.map(one, cases):
                    res[k].add(*r)
        say(f'{label}: {len(cases)} cases x 2 binaries in {time.monotonic() - t0:.0f} s')

    run_cases(cases, 'search/eval/analyze')

    # 4. show: the first hit of every judged query (ids from A's answers)
    show_cases = []
    for name, corpus, sets, _ in CORPORA:
        ids = []
        for key, case in res['A'].cases.items():
            if key.startswith(f'search/{name}/') and key.endswith('/json') and '/vocab/' not in key:
                try:
                    hits = json.loads(case['stdout'])['hits']
                except (ValueError, KeyError):
                    continue
                if hits:
                    ids.append(hits[0]['id'])
                    if len(hits) > 9:
                        ids.append(hits[9]['id'])
        idx = '{OUT}/{K}/' + name
        for pid in dict.fromkeys(ids):
            show_cases.append((f'show/{name}/{pid}/json2', ['show', '--index', idx, '--json',
                                                            '--context', '2', '--', pid], 'show'))
            show_cases.append((f'show/{name}/{pid}/text1', ['show', '--index', idx,
                                                            '--context', '1', '--', pid], 'show'))
    run_cases(show_cases, 'show')

    # 5. compare
    keys = list(dict.fromkeys(list(res['A'].cases) + list(res['B'].cases)))
    same, differ = 0, []
    by_group = {}
    for key in keys:
        a, b = res['A'].cases.get(key), res['B'].cases.get(key)
        group = '/'.join(key.split('/')[:2]) if key.startswith(('search', 'show', 'eval')) \
            else key.split('/')[0]
        g = by_group.setdefault(group, [0, 0])
        ok = a is not None and b is not None and all(a[f] == b[f] for f in ('rc', 'stdout', 'stderr'))
        if ok:
            same += 1
            g[0] += 1
        else:
            differ.append(key)
            g[1] += 1
    say('')
    say(f'{"group":28s} {"identical":>9s} {"different":>9s}')
    for group, (s, d) in by_group.items():
        say(f'{group:28s} {s:9d} {d:9d}')
    say(f'{"ALL OUTPUTS":28s} {same:9d} {len(differ):9d}')

    with open(f'{OUT}/diffs/all.txt', 'w', encoding='utf-8') as f:
        for n, key in enumerate(differ):
            a, b = res['A'].cases.get(key), res['B'].cases.get(key)
            text = [f'=== {key}', f'cmd: {(a or b)["cmd"]}']
            for field in ('rc', 'stdout', 'stderr'):
                va = str(a[field]) if a else '<missing>'
                vb = str(b[field]) if b else '<missing>'
                if va != vb:
                    text.append(f'--- {field}:')
                    text += list(difflib.unified_diff(va.split('\n'), vb.split('\n'), 'A', 'B',
                                                      lineterm='', n=1))
            f.write('\n'.join(text) + '\n\n')
            if n < SHOW_DIFFS:
                say('\n'.join(t[:400] for t in text[:40]))
    if differ:
        say(f'all {len(differ)} differences: {OUT}/diffs/all.txt')

    # 6. eval figures side by side
    say('')
    say(f'{"eval (nDCG@10 / MRR@10 / Recall@10)":44s} {"A":>22s} {"B":>22s}')
    for key in keys:
        if key.startswith('eval/') and key.endswith('/json'):
            figs = []
            for k in 'AB':
                try:
                    d = json.loads(res[k].cases[key]['stdout'])
                    o = d['overall']
                    figs.append(f'{o["ndcg"]:.3f} / {o["mrr"]:.3f} / {o["recall"]:.3f}')
                except (ValueError, KeyError, TypeError):
                    figs.append('?')
            say(f'{key[5:-5]:44s} {figs[0]:>22s} {figs[1]:>22s}')

    problems = index_problems + (['outputs differ'] if differ else [])
    say('')
    say(f'index builds (wall s): ' + ', '.join(f'{n} {k} {w:.2f}' for n, k, w in timings))
    say(f'harness time {time.time() - t_start:.0f} s')
    say('VERDICT: ' + ('ALL IDENTICAL' if not problems else
                       'DIFFERENCES: ' + '; '.join(p.split('\n')[0] for p in problems)))
    with open(f'{OUT}/report.txt', 'w', encoding='utf-8') as f:
        f.write('\n'.join(report) + '\n')
    for k in 'AB':
        with open(f'{OUT}/{k}/outputs.jsonl', 'w', encoding='utf-8') as f:
            for key, case in res[k].cases.items():
                f.write(json.dumps(dict(key=key, **case), ensure_ascii=False) + '\n')
    sys.exit(0 if not problems else 1)


if __name__ == '__main__':
    main()
