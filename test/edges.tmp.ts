import { importGraph } from './architecture/import-graph';
const { edges } = importGraph();
const unit = (f: string) => (f.startsWith('features/') ? f.split('/').slice(0, 2).join('/') : f.split('/')[0]);
for (const e of edges.filter((e) => e.relative)) {
  const [a, b] = [unit(e.from), unit(e.to)];
  if (a !== b && (b.startsWith('features/') || b === 'kit' || b === 'router')) console.log(`${e.from} -> ${e.to}`);
}
