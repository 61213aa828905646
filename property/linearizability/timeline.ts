// A plain-text timeline of a history for failure messages: one row per
// client, each operation as a bar from call to return, the stuck ones marked.

import type { Model, Operation } from './model.ts';

export function timeline<S, I, O>(model: Model<S, I, O>, ops: Operation<I, O>[], stuck: Operation<I, O>[] = [], width = 60): string {
  if (ops.length === 0) return '(empty history)';
  const start = Math.min(...ops.map((o) => o.call));
  const finite = ops.map((o) => (Number.isFinite(o.return) ? o.return : o.call));
  const span = Math.max(1e-9, Math.max(...finite) - start);
  const col = (t: number) => Math.min(width - 1, Math.floor(((t - start) / span) * (width - 1)));
  const lines: string[] = [];
  const sorted = [...ops].sort((a, b) => a.clientId - b.clientId || a.call - b.call);
  for (const op of sorted) {
    const from = col(op.call);
    const to = Number.isFinite(op.return) ? col(op.return) : width - 1;
    const bar = ' '.repeat(from) + '[' + '='.repeat(Math.max(0, to - from - 1)) + (Number.isFinite(op.return) ? ']' : '>');
    const mark = stuck.includes(op) ? '  <-- cannot be linearized' : '';
    lines.push(`client ${String(op.clientId).padStart(2)} |${bar.padEnd(width + 1)}| ${model.describe(op)}${mark}`);
  }
  return lines.join('\n');
}
