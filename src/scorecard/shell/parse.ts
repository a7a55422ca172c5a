/**
 * A recursive-descent shell parser producing mvdan.cc/sh-shaped trees (see ast.ts), so that
 * Scorecard's rules, written against that tree, apply unchanged. sh-syntax (mvdan/sh compiled to
 * WebAssembly) serialises only positions, not node kinds or arguments, so it cannot be walked;
 * its 3–4 ms per call would also dominate a large tree. Errors use mvdan's wording where known.
 */
import type { CallExpr, Command, Compound, Redirect, ShellFile, Span, Stmt, Word, WordPart } from './ast.js';

/** A script the parser cannot read; `line` is 1-based within the parsed text. */
export class ShellSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
    this.name = 'ShellSyntaxError';
  }
}

const RESERVED = /^(if|then|elif|else|fi|do|done|while|until|for|select|in|case|esac|function|time|\{|\}|\[\[|!)(?=[\s;&|()<>]|$)/;
const REDIRECT = /^(\d*)(<<<|<<-|<<|<>|<&|>>|>&|>\||&>>|&>|<|>)/;
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*(\[[^\]]*\])?\+?=/;
const WORD_END = new Set([' ', '\t', '\r', '\n', ';', '&', '|', '<', '>', '(', ')']);

interface PendingHeredoc {
  delimiter: string;
  stripTabs: boolean;
}

/** Parses a whole script. Throws ShellSyntaxError where bash would refuse it. */
export function parseShell(source: string): ShellFile {
  const parser = new Parser(source, 0);
  const stmts = parser.parseStmtList([]);
  parser.expectEnd();
  return { stmts };
}

class Parser {
  private i = 0;
  private readonly lineStarts: number[] = [0];
  private pending: PendingHeredoc[] = [];

  constructor(
    private readonly src: string,
    private readonly lineBase: number,
  ) {
    for (let k = 0; k < src.length; k++) if (src[k] === '\n') this.lineStarts.push(k + 1);
  }

  expectEnd(): void {
    this.skipSpace(true);
    if (this.i < this.src.length) this.fail(`\`${this.src[this.i]}\` can only be used to open or close a block`);
  }

  private lineAt(offset: number): number {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.lineStarts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1 + this.lineBase;
  }

  private span(start: number, end = this.i): Span {
    return { start, end, line: this.lineAt(start), endLine: this.lineAt(Math.max(start, end - 1)) };
  }

  private fail(message: string, at = this.i): never {
    throw new ShellSyntaxError(message, this.lineAt(Math.min(at, this.src.length)));
  }

  private peek(offset = 0): string {
    return this.src[this.i + offset] ?? '';
  }

  private startsWith(text: string): boolean {
    return this.src.startsWith(text, this.i);
  }

  private atEnd(): boolean {
    return this.i >= this.src.length;
  }

  /** Blanks and line continuations; with `newlines`, also newlines (reading pending heredocs) and comments. */
  private skipSpace(newlines: boolean): void {
    while (!this.atEnd()) {
      const c = this.peek();
      if (c === ' ' || c === '\t' || c === '\r') this.i++;
      else if (c === '\\' && this.peek(1) === '\n') this.i += 2;
      else if (newlines && c === '\n') this.newline();
      else if (newlines && c === '#') this.skipComment();
      else return;
    }
  }

  private skipComment(): void {
    while (!this.atEnd() && this.peek() !== '\n') this.i++;
  }

  private newline(): void {
    this.i++;
    const heredocs = this.pending;
    this.pending = [];
    for (const heredoc of heredocs) this.readHeredocBody(heredoc);
  }

  private readHeredocBody(heredoc: PendingHeredoc): void {
    while (!this.atEnd()) {
      let end = this.src.indexOf('\n', this.i);
      if (end === -1) end = this.src.length;
      let line = this.src.slice(this.i, end).replace(/\r$/, '');
      if (heredoc.stripTabs) line = line.replace(/^\t+/, '');
      this.i = Math.min(end + 1, this.src.length);
      if (line === heredoc.delimiter) return;
    }
  }

  private reservedWord(): string | null {
    const match = RESERVED.exec(this.src.slice(this.i, this.i + 10));
    return match ? (match[1] ?? null) : null;
  }

  private atStop(stops: string[]): boolean {
    if (this.atEnd()) return true;
    for (const stop of stops) {
      if (stop === ')' || stop.startsWith(';')) {
        if (this.startsWith(stop)) return true;
      } else if (this.reservedWord() === stop) return true;
    }
    return false;
  }

  /** Statements until one of `stops` (reserved words, `)`, `;;`) or the end. */
  parseStmtList(stops: string[]): Stmt[] {
    const stmts: Stmt[] = [];
    for (;;) {
      this.skipSpace(true);
      if (this.atStop(stops)) return stmts;
      if (this.peek() === ')' || (this.peek() === ';' && !stops.some((s) => s.startsWith(';')))) {
        this.fail(`\`${this.peek()}\` can only be used to open or close a block`);
      }
      stmts.push(this.parseAndOr());
      this.skipSpace(false);
      const c = this.peek();
      if (this.atStop(stops)) continue;
      if (c === ';' && this.peek(1) !== ';' && this.peek(1) !== '&') this.i++;
      else if (c === '&' && this.peek(1) !== '&' && this.peek(1) !== '>') this.i++;
      else if (c === '\n') this.newline();
      else if (c === '#') this.skipComment();
      else if (!this.atEnd()) this.fail(`unexpected \`${c}\` after a command`);
    }
  }

  private parseAndOr(): Stmt {
    let left = this.parsePipeline();
    for (;;) {
      this.skipSpace(false);
      const op = this.startsWith('&&') ? '&&' : this.startsWith('||') ? '||' : null;
      if (op === null) return left;
      this.i += 2;
      this.skipSpace(true);
      if (this.atEnd()) this.fail(`\`${op}\` must be followed by a statement`);
      const right = this.parsePipeline();
      left = this.binary(op, left, right);
    }
  }

  private parsePipeline(): Stmt {
    this.skipSpace(false);
    if (this.reservedWord() === '!') {
      this.i++;
      this.skipSpace(false);
    }
    // Pipelines associate to the left, as in mvdan/sh: `a | b | c` is `(a | b) | c`.
    let left = this.parseCommand();
    for (;;) {
      this.skipSpace(false);
      if (this.peek() !== '|' || this.peek(1) === '|') return left;
      const op = this.peek(1) === '&' ? '|&' : '|';
      this.i += op.length;
      this.skipSpace(true);
      if (this.atEnd()) this.fail(`\`${op}\` must be followed by a statement`);
      left = this.binary(op, left, this.parseCommand());
    }
  }

  private binary(op: '&&' | '||' | '|' | '|&', x: Stmt, y: Stmt): Stmt {
    const cmd = { kind: 'BinaryCmd' as const, op, x, y, start: x.start, end: y.end, line: x.line, endLine: y.endLine };
    return { kind: 'Stmt', cmd, redirs: [], start: x.start, end: y.end, line: x.line, endLine: y.endLine };
  }

  private parseCommand(): Stmt {
    this.skipSpace(false);
    const start = this.i;
    let cmd: Command;
    const redirs: Redirect[] = [];
    const keyword = this.reservedWord();
    if (this.startsWith('((')) cmd = this.compound(start, '((', [], this.skipBalanced('((', '))'));
    else if (this.peek() === '(') cmd = this.parseGroup(start, '(', ')');
    else if (keyword === '{') cmd = this.parseGroup(start, '{', '}');
    else if (keyword === 'if') cmd = this.parseIf(start);
    else if (keyword === 'while' || keyword === 'until') cmd = this.parseLoop(start, keyword);
    else if (keyword === 'for' || keyword === 'select') cmd = this.parseFor(start, keyword);
    else if (keyword === 'case') cmd = this.parseCase(start);
    else if (keyword === 'function') cmd = this.parseFunction(start);
    else if (keyword === 'time') {
      this.i += 4;
      cmd = this.compound(start, 'time', [], [this.parsePipeline()]);
    } else if (keyword === '[[') cmd = this.compound(start, '[[', [], this.skipTestClause());
    else if (keyword !== null && keyword !== '!') this.fail(`\`${keyword}\` can only be used to open or close a block`);
    else return this.parseSimple(start);
    for (;;) {
      this.skipSpace(false);
      const redirect = this.tryRedirect();
      if (redirect === null) break;
      redirs.push(redirect);
    }
    return { kind: 'Stmt', cmd, redirs, ...this.span(start) };
  }

  private compound(start: number, keyword: string, words: Word[], stmts: Stmt[]): Compound {
    return { kind: 'Compound', keyword, words, stmts, ...this.span(start) };
  }

  private expectWord(word: string, message: string): void {
    this.skipSpace(true);
    if (this.reservedWord() !== word) this.fail(message);
    this.i += word.length;
  }

  private parseGroup(start: number, open: string, close: string): Compound {
    this.i += open.length;
    const stmts = this.parseStmtList([close]);
    this.skipSpace(true);
    if (!this.startsWith(close)) this.fail(`reached EOF without matching \`${open}\` with \`${close}\``, start);
    this.i += close.length;
    return this.compound(start, open, [], stmts);
  }

  private parseIf(start: number): Compound {
    const stmts: Stmt[] = [];
    this.i += 2;
    for (;;) {
      const cond = this.parseStmtList(['then']);
      if (cond.length === 0) this.fail('`if` must be followed by a statement list', start);
      this.expectWord('then', '`if <cond>` must be followed by `then`');
      stmts.push(...cond, ...this.parseStmtList(['elif', 'else', 'fi']));
      if (this.reservedWord() !== 'elif') break;
      this.i += 4;
    }
    if (this.reservedWord() === 'else') {
      this.i += 4;
      stmts.push(...this.parseStmtList(['fi']));
    }
    this.expectWord('fi', '`if` statement must end with a `fi`');
    return this.compound(start, 'if', [], stmts);
  }

  private parseLoop(start: number, keyword: string): Compound {
    this.i += keyword.length;
    const cond = this.parseStmtList(['do']);
    if (cond.length === 0) this.fail(`\`${keyword}\` must be followed by a statement list`, start);
    this.expectWord('do', `\`${keyword} <cond>\` must be followed by \`do\``);
    const body = this.parseStmtList(['done']);
    this.expectWord('done', `\`${keyword}\` statement must end with \`done\``);
    return this.compound(start, keyword, [], [...cond, ...body]);
  }

  private parseFor(start: number, keyword: string): Compound {
    this.i += keyword.length;
    this.skipSpace(false);
    const words: Word[] = [];
    if (this.startsWith('((')) this.skipBalanced('((', '))');
    else {
      if (this.readWord().parts.length === 0) this.fail(`\`${keyword}\` must be followed by a literal`);
      this.skipSpace(false);
      if (this.reservedWord() === 'in') {
        this.i += 2;
        for (;;) {
          this.skipSpace(false);
          const c = this.peek();
          if (c === ';' || c === '\n' || c === '#' || this.atEnd()) break;
          words.push(this.readWord());
        }
      }
    }
    this.skipSpace(false);
    if (this.peek() === ';') this.i++;
    this.skipSpace(true);
    if (this.reservedWord() === '{') {
      const group = this.parseGroup(this.i, '{', '}');
      return this.compound(start, keyword, words, group.stmts);
    }
    this.expectWord('do', `\`${keyword} foo [in words]\` must be followed by \`do\``);
    const body = this.parseStmtList(['done']);
    this.expectWord('done', `\`${keyword}\` statement must end with \`done\``);
    return this.compound(start, keyword, words, body);
  }

  private parseCase(start: number): Compound {
    this.i += 4;
    this.skipSpace(false);
    const words = [this.readWord()];
    this.expectWord('in', '`case x` must be followed by `in`');
    const stmts: Stmt[] = [];
    for (;;) {
      this.skipSpace(true);
      if (this.reservedWord() === 'esac') break;
      if (this.atEnd()) this.fail('`case` statement must end with `esac`', start);
      if (this.peek() === '(') this.i++;
      for (;;) {
        this.skipSpace(false);
        words.push(this.readWord());
        this.skipSpace(false);
        if (this.peek() === '|') this.i++;
        else if (this.peek() === ')') {
          this.i++;
          break;
        } else this.fail('case patterns must be separated with `|`');
      }
      stmts.push(...this.parseStmtList(['esac', ';;&', ';;', ';&', ';|']));
      for (const end of [';;&', ';;', ';&', ';|']) {
        if (this.startsWith(end)) {
          this.i += end.length;
          break;
        }
      }
    }
    this.i += 4;
    return this.compound(start, 'case', words, stmts);
  }

  private parseFunction(start: number): Compound {
    this.i += 8;
    this.skipSpace(false);
    this.readWord();
    this.skipSpace(false);
    if (this.startsWith('()')) this.i += 2;
    this.skipSpace(true);
    return this.compound(start, 'function', [], [this.parseCommand()]);
  }

  /** `[[ … ]]`: its operators are not commands; only substitutions inside would matter. */
  private skipTestClause(): Stmt[] {
    const start = this.i;
    this.i += 2;
    for (;;) {
      this.skipSpace(true);
      if (this.atEnd()) this.fail('reached EOF without matching `[[` with `]]`', start);
      if (this.startsWith(']]') && (WORD_END.has(this.peek(2)) || this.i + 2 >= this.src.length)) {
        this.i += 2;
        return [];
      }
      if (WORD_END.has(this.peek())) this.i++;
      else this.readWord();
    }
  }

  /** Skips a balanced `((…))`-style region, honouring quotes; returns no statements. */
  private skipBalanced(open: string, close: string): Stmt[] {
    const start = this.i;
    this.i += open.length;
    let depth = 1;
    while (!this.atEnd()) {
      const c = this.peek();
      if (c === "'" || c === '"') this.readWord();
      else if (this.startsWith(close) && depth === 1) {
        this.i += close.length;
        return [];
      } else {
        if (c === '(') depth++;
        if (c === ')') depth--;
        this.i++;
      }
    }
    return this.fail(`reached EOF without matching \`${open}\` with \`${close}\``, start);
  }

  private parseSimple(start: number): Stmt {
    const assigns: Word[] = [];
    const args: Word[] = [];
    const redirs: Redirect[] = [];
    for (;;) {
      this.skipSpace(false);
      const c = this.peek();
      if (this.atEnd() || c === '\n' || c === '#' || c === ';' || c === ')') break;
      if ((c === '&' || c === '|') && !this.startsWith('&>')) break;
      if (c === '(') {
        if (args.length === 1 && assigns.length === 0 && this.startsWith('()')) return this.parseFuncDecl(start);
        this.fail(args.length > 0 ? `\`${args[0]?.text ?? ''}(\` must be followed by \`)\`` : '`(` is not valid here');
      }
      const redirect = this.tryRedirect();
      if (redirect !== null) {
        redirs.push(redirect);
        continue;
      }
      const word = this.readWord();
      if (word.parts.length === 0) this.fail(`invalid character \`${c}\``);
      const first = word.parts[0];
      if (args.length === 0 && first?.kind === 'Lit' && ASSIGNMENT.test(first.value)) {
        if (this.peek() === '(' && word.text.endsWith('=')) this.skipBalanced('(', ')');
        assigns.push(word);
      } else args.push(word);
    }
    if (assigns.length === 0 && args.length === 0 && redirs.length === 0) {
      this.fail(this.atEnd() ? 'unexpected end of script' : `\`${this.peek()}\` can only be used to open or close a block`);
    }
    const cmd: CallExpr = { kind: 'CallExpr', assigns, args, ...this.span(start) };
    return { kind: 'Stmt', cmd, redirs, ...this.span(start) };
  }

  private parseFuncDecl(start: number): Stmt {
    this.i += 2;
    this.skipSpace(true);
    const body = this.parseCommand();
    return { kind: 'Stmt', cmd: this.compound(start, 'function', [], [body]), redirs: [], ...this.span(start) };
  }

  private tryRedirect(): Redirect | null {
    if (this.startsWith('<(') || this.startsWith('>(')) return null;
    const match = REDIRECT.exec(this.src.slice(this.i, this.i + 12));
    if (match === null) return null;
    const start = this.i;
    const op = match[2] ?? '';
    this.i += match[0].length;
    this.skipSpace(false);
    const word = this.readWord();
    if (word.parts.length === 0) this.fail(`\`${op}\` must be followed by a word`);
    if (op === '<<' || op === '<<-') {
      const delimiter = word.text.replace(/['"\\]/g, '');
      this.pending.push({ delimiter, stripTabs: op === '<<-' });
    }
    return { kind: 'Redirect', op, word, ...this.span(start) };
  }

  /** One word: literal runs, quotes and substitutions up to an unquoted blank or operator. */
  private readWord(): Word {
    const start = this.i;
    const parts: WordPart[] = [];
    let lit = '';
    let litStart = -1;
    const flush = (): void => {
      if (litStart >= 0) parts.push({ kind: 'Lit', value: lit, ...this.span(litStart) });
      lit = '';
      litStart = -1;
    };
    const addLit = (text: string, from: number): void => {
      if (litStart < 0) litStart = from;
      lit += text;
    };
    while (!this.atEnd()) {
      const c = this.peek();
      const from = this.i;
      if ((c === '<' || c === '>') && this.peek(1) === '(' && parts.length === 0 && litStart < 0) {
        this.i += 2;
        const stmts = this.parseStmtList([')']);
        this.closeParen(from);
        parts.push({ kind: 'ProcSubst', op: c === '<' ? '<(' : '>(', stmts, ...this.span(from) });
        continue;
      }
      if (WORD_END.has(c)) break;
      if (c === '\\') {
        if (this.peek(1) === '\n') this.i += 2;
        else {
          addLit(this.src.slice(this.i, this.i + 2), from);
          this.i += 2;
        }
        continue;
      }
      if (c === "'") {
        flush();
        parts.push(this.readSingleQuoted(from, 1));
        continue;
      }
      if (c === '"') {
        flush();
        parts.push(this.readDoubleQuoted(from, 1));
        continue;
      }
      if (c === '`') {
        flush();
        parts.push(this.readBackquote(from));
        continue;
      }
      if (c === '$') {
        const part = this.readDollar(from, false);
        if (part === null) {
          addLit('$', from);
          this.i++;
        } else {
          flush();
          parts.push(part);
        }
        continue;
      }
      addLit(c, from);
      this.i++;
    }
    flush();
    const text = this.src.slice(start, this.i).replace(/\\\n/g, '');
    return { kind: 'Word', parts, text, ...this.span(start) };
  }

  private closeParen(from: number): void {
    this.skipSpace(true);
    if (this.peek() !== ')') this.fail('reached EOF without matching `(` with `)`', from);
    this.i++;
  }

  private readSingleQuoted(from: number, skip: number): WordPart {
    const close = this.src.indexOf("'", from + skip);
    if (close === -1) this.fail("reached EOF without closing quote `'`", from);
    this.i = close + 1;
    return { kind: 'SglQuoted', value: this.src.slice(from + skip, close), ...this.span(from) };
  }

  /** `$'…'` allows backslash escapes, including `\'`. */
  private readAnsiQuoted(from: number): WordPart {
    let k = from + 2;
    while (k < this.src.length && this.src[k] !== "'") k += this.src[k] === '\\' ? 2 : 1;
    if (k >= this.src.length) this.fail("reached EOF without closing quote `'`", from);
    this.i = k + 1;
    return { kind: 'SglQuoted', value: this.src.slice(from + 2, k), ...this.span(from) };
  }

  private readDoubleQuoted(from: number, skip: number): WordPart {
    this.i = from + skip;
    const parts: WordPart[] = [];
    let lit = '';
    let litStart = -1;
    const flush = (): void => {
      if (litStart >= 0) parts.push({ kind: 'Lit', value: lit, ...this.span(litStart) });
      lit = '';
      litStart = -1;
    };
    for (;;) {
      if (this.atEnd()) this.fail('reached EOF without closing quote `"`', from);
      const c = this.peek();
      const at = this.i;
      if (c === '"') {
        this.i++;
        break;
      }
      if (c === '\\') {
        if (litStart < 0) litStart = at;
        lit += this.src.slice(at, at + 2);
        this.i += 2;
      } else if (c === '`') {
        flush();
        parts.push(this.readBackquote(at));
      } else if (c === '$' && this.readDollarAt(at)) {
        flush();
        parts.push(this.readDollar(at, true) as WordPart);
      } else {
        if (litStart < 0) litStart = at;
        lit += c;
        this.i++;
      }
    }
    flush();
    return { kind: 'DblQuoted', parts, ...this.span(from) };
  }

  private readDollarAt(at: number): boolean {
    const next = this.src[at + 1] ?? '';
    return /[({A-Za-z0-9_@*#?$!-]/.test(next);
  }

  /** `$(…)`, `$((…))`, `${…}`, `$name`, `$'…'`, `$"…"`; null for a lone `$`. */
  private readDollar(from: number, quoted: boolean): WordPart | null {
    const next = this.src[from + 1] ?? '';
    if (next === '(' && this.src[from + 2] === '(') {
      this.i = from + 1;
      this.skipBalanced('((', '))');
      return { kind: 'Expansion', ...this.span(from) };
    }
    if (next === '(') {
      this.i = from + 2;
      const stmts = this.parseStmtList([')']);
      this.closeParen(from);
      return { kind: 'CmdSubst', stmts, ...this.span(from) };
    }
    if (next === '{') {
      this.i = from + 2;
      let depth = 1;
      while (depth > 0) {
        if (this.atEnd()) this.fail('reached EOF without matching `${` with `}`', from);
        const c = this.peek();
        if (c === '\\') this.i += 2;
        else if (c === "'" && !quoted) this.readSingleQuoted(this.i, 1);
        else if (c === '"') this.readDoubleQuoted(this.i, 1);
        else if (c === '$' && this.peek(1) === '(') this.readDollar(this.i, true);
        else {
          if (c === '{') depth++;
          if (c === '}') depth--;
          this.i++;
        }
      }
      return { kind: 'Expansion', ...this.span(from) };
    }
    if (!quoted && next === "'") return this.readAnsiQuoted(from);
    if (!quoted && next === '"') return this.readDoubleQuoted(from, 2);
    if (/[A-Za-z_]/.test(next)) {
      let k = from + 2;
      while (k < this.src.length && /[A-Za-z0-9_]/.test(this.src[k] ?? '')) k++;
      this.i = k;
      return { kind: 'Expansion', ...this.span(from) };
    }
    if (/[0-9@*#?$!-]/.test(next)) {
      this.i = from + 2;
      return { kind: 'Expansion', ...this.span(from) };
    }
    return null;
  }

  /** `` `…` ``: the inside is unescaped and parsed as its own script, on the same lines. */
  private readBackquote(from: number): WordPart {
    let k = from + 1;
    let inner = '';
    while (k < this.src.length && this.src[k] !== '`') {
      if (this.src[k] === '\\' && /[`\\$]/.test(this.src[k + 1] ?? '')) {
        inner += this.src[k + 1];
        k += 2;
      } else {
        inner += this.src[k];
        k++;
      }
    }
    if (k >= this.src.length) this.fail('reached EOF without closing quote `` ` ``', from);
    this.i = k + 1;
    const sub = new Parser(inner, this.lineAt(from) - 1);
    const stmts = sub.parseStmtList([]);
    sub.expectEnd();
    return { kind: 'CmdSubst', stmts, ...this.span(from) };
  }
}
