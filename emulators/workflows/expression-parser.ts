/**
 * Recursive-descent parser for Workflows `${…}` expressions, with production's precedence (tightest first):
 * `()` `.` `[]`, `not`, unary `-`, `* / // %`, `+ -`, comparisons and `in`, `and`, `or`.
 */
import { ExpressionSyntaxError, type Token, tokenize } from './expression-lexer.ts';
import type { WfValue } from './values.ts';

export type BinaryOp =
  | '+'
  | '-'
  | '*'
  | '/'
  | '//'
  | '%'
  | '=='
  | '!='
  | '<'
  | '<='
  | '>'
  | '>='
  | 'in'
  | 'and'
  | 'or';

export type Expr =
  | { kind: 'lit'; value: WfValue }
  | { kind: 'var'; name: string }
  | { kind: 'member'; object: Expr; name: string }
  | { kind: 'index'; object: Expr; index: Expr }
  | { kind: 'call'; fn: string; args: Expr[] }
  | { kind: 'unary'; op: '-' | 'not'; operand: Expr }
  | { kind: 'binary'; op: BinaryOp; left: Expr; right: Expr }
  | { kind: 'list'; items: Expr[] }
  | { kind: 'map'; entries: [Expr, Expr][] };

// Keywords may be lower- or upper-case, never mixed (production rule); booleans also accept Title case.
const KEYWORDS: Record<string, string> = {
  and: 'and',
  AND: 'and',
  or: 'or',
  OR: 'or',
  not: 'not',
  NOT: 'not',
  in: 'in',
  IN: 'in',
};
const LITERALS: Record<string, WfValue> = {
  true: true,
  True: true,
  TRUE: true,
  false: false,
  False: false,
  FALSE: false,
  null: null,
};
const COMPARISONS = new Set(['==', '!=', '<', '<=', '>', '>=']);

class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.i + offset, this.tokens.length - 1)] as Token;
  }
  private next(): Token {
    return this.tokens[this.i++] as Token;
  }
  private isOp(value: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t.kind === 'op' && t.value === value;
  }
  private keyword(offset = 0): string | undefined {
    const t = this.peek(offset);
    return t.kind === 'name' ? KEYWORDS[t.value] : undefined;
  }
  private expectOp(value: string): void {
    const t = this.next();
    if (t.kind !== 'op' || t.value !== value)
      throw new ExpressionSyntaxError(`expected '${value}' at ${t.pos}, found ${describe(t)}`);
  }

  parse(): Expr {
    const e = this.or();
    const t = this.peek();
    if (t.kind !== 'eof') throw new ExpressionSyntaxError(`unexpected ${describe(t)} at ${t.pos}`);
    return e;
  }

  private or(): Expr {
    let left = this.and();
    while (this.keyword() === 'or') {
      this.next();
      left = { kind: 'binary', op: 'or', left, right: this.and() };
    }
    return left;
  }
  private and(): Expr {
    let left = this.comparison();
    while (this.keyword() === 'and') {
      this.next();
      left = { kind: 'binary', op: 'and', left, right: this.comparison() };
    }
    return left;
  }
  private comparison(): Expr {
    let left = this.additive();
    for (;;) {
      const t = this.peek();
      if (t.kind === 'op' && COMPARISONS.has(t.value)) {
        this.next();
        left = { kind: 'binary', op: t.value as BinaryOp, left, right: this.additive() };
      } else if (this.keyword() === 'in') {
        this.next();
        left = { kind: 'binary', op: 'in', left, right: this.additive() };
      } else return left;
    }
  }
  private additive(): Expr {
    let left = this.multiplicative();
    while (this.isOp('+') || this.isOp('-')) {
      const op = (this.next() as { value: string }).value as BinaryOp;
      left = { kind: 'binary', op, left, right: this.multiplicative() };
    }
    return left;
  }
  private multiplicative(): Expr {
    let left = this.unary();
    while (['*', '/', '//', '%'].some((o) => this.isOp(o))) {
      const op = (this.next() as { value: string }).value as BinaryOp;
      left = { kind: 'binary', op, left, right: this.unary() };
    }
    return left;
  }
  private unary(): Expr {
    if (this.keyword() === 'not') {
      this.next();
      return { kind: 'unary', op: 'not', operand: this.unary() };
    }
    if (this.isOp('-')) {
      this.next();
      return { kind: 'unary', op: '-', operand: this.unary() };
    }
    return this.postfix(this.primary());
  }
  private postfix(start: Expr): Expr {
    let e = start;
    for (;;) {
      if (this.isOp('.')) {
        this.next();
        const t = this.next();
        if (t.kind !== 'name') throw new ExpressionSyntaxError(`expected a name after '.' at ${t.pos}`);
        if (this.isOp('('))
          throw new ExpressionSyntaxError(
            `'${t.value}(' at ${t.pos}: only standard-library functions can be called`,
          );
        e = { kind: 'member', object: e, name: t.value };
      } else if (this.isOp('[')) {
        this.next();
        const index = this.or();
        this.expectOp(']');
        e = { kind: 'index', object: e, index };
      } else return e;
    }
  }
  private args(): Expr[] {
    this.expectOp('(');
    const args: Expr[] = [];
    if (!this.isOp(')'))
      do args.push(this.or());
      while (this.isOp(',') && this.next());
    this.expectOp(')');
    return args;
  }
  private primary(): Expr {
    const t = this.next();
    if (t.kind === 'num' || t.kind === 'str') return { kind: 'lit', value: t.value };
    if (t.kind === 'op' && t.value === '(') {
      const e = this.or();
      this.expectOp(')');
      return e;
    }
    if (t.kind === 'op' && t.value === '[') {
      const items: Expr[] = [];
      if (!this.isOp(']'))
        do items.push(this.or());
        while (this.isOp(',') && this.next());
      this.expectOp(']');
      return { kind: 'list', items };
    }
    if (t.kind === 'op' && t.value === '{') {
      const entries: [Expr, Expr][] = [];
      if (!this.isOp('}'))
        do {
          const key = this.or();
          this.expectOp(':');
          entries.push([key, this.or()]);
        } while (this.isOp(',') && this.next());
      this.expectOp('}');
      return { kind: 'map', entries };
    }
    if (t.kind === 'name') {
      if (t.value in LITERALS) return { kind: 'lit', value: LITERALS[t.value] as WfValue };
      if (KEYWORDS[t.value]) throw new ExpressionSyntaxError(`unexpected keyword '${t.value}' at ${t.pos}`);
      // A dotted name followed by '(' is a library function (`text.split(…)`); otherwise variable access.
      const names = [t.value];
      while (this.isOp('.') && this.peek(1).kind === 'name') {
        names.push((this.peek(1) as { value: string }).value);
        this.i += 2;
      }
      if (this.isOp('(')) return { kind: 'call', fn: names.join('.'), args: this.args() };
      let e: Expr = { kind: 'var', name: names[0] as string };
      for (const name of names.slice(1)) e = { kind: 'member', object: e, name };
      return e;
    }
    throw new ExpressionSyntaxError(`unexpected ${describe(t)} at ${t.pos}`);
  }
}

function describe(t: Token): string {
  return t.kind === 'eof' ? 'end of expression' : `'${String(t.value)}'`;
}

/** Parses the text inside `${…}`; throws ExpressionSyntaxError on bad syntax. */
export function parseExpression(src: string): Expr {
  return new Parser(tokenize(src)).parse();
}

/** Every function name the expression calls, for load-time checks. */
export function calledFunctions(e: Expr): string[] {
  switch (e.kind) {
    case 'lit':
    case 'var':
      return [];
    case 'member':
      return calledFunctions(e.object);
    case 'index':
      return [...calledFunctions(e.object), ...calledFunctions(e.index)];
    case 'call':
      return [e.fn, ...e.args.flatMap(calledFunctions)];
    case 'unary':
      return calledFunctions(e.operand);
    case 'binary':
      return [...calledFunctions(e.left), ...calledFunctions(e.right)];
    case 'list':
      return e.items.flatMap(calledFunctions);
    case 'map':
      return e.entries.flatMap(([k, v]) => [...calledFunctions(k), ...calledFunctions(v)]);
  }
}
