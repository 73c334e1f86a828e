// Writes two versions of a 1,000,000-row × 20-column CSV table into a folder: an integer id (the
// key), 14 measurements with 2 to 6 decimals, 3 integer counts and 2 categories. Version B: 5,000
// rows removed, 5,000 added, 10,000 with one cell edited, one measurement shifted (drift), one
// category with a new value. Deterministic (a fixed-seed generator). Usage: node generate.mjs DIR [ROWS]
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
const rows = Number(process.argv[3] ?? 1_000_000);
let seed = 42;
const random = () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};
const header = ['id', ...Array.from({ length: 14 }, (_, i) => `m${i}`), 'c0', 'c1', 'c2', 'city', 'grade'];
const cities = ['Paris', 'Lyon', 'Nantes', 'Lille', 'Nice', 'Brest'];

function row(id, shifted, newGrade) {
  const cells = [String(id)];
  for (let i = 0; i < 14; i++) {
    let value = (random() - 0.5) * 10 ** (1 + (i % 4));
    if (shifted && i === 3) value += 250;
    cells.push(value.toFixed(2 + (i % 5)));
  }
  for (let i = 0; i < 3; i++) cells.push(String(Math.floor(random() * 1000 * (i + 1))));
  cells.push(cities[Math.floor(random() * cities.length)]);
  const grade = 'ABCD'[Math.floor(random() * 4)];
  cells.push(newGrade ? 'E' : grade);
  return cells.join(',');
}

async function write(file, lines) {
  const out = createWriteStream(file);
  out.write(`${header.join(',')}\n`);
  let chunk = [];
  for (const line of lines()) {
    chunk.push(line);
    if (chunk.length === 10000) {
      if (!out.write(`${chunk.join('\n')}\n`)) await new Promise((r) => out.once('drain', r));
      chunk = [];
    }
  }
  if (chunk.length) out.write(`${chunk.join('\n')}\n`);
  await new Promise((resolve) => out.end(resolve));
}

seed = 42;
await write(join(dir, 'a.csv'), function* () {
  for (let id = 0; id < rows; id++) yield row(id, false, false);
});
seed = 42;
await write(join(dir, 'b.csv'), function* () {
  for (let id = 0; id < rows; id++) {
    const line = row(id, id % 2 === 0, id % 97 === 0);
    if (id % 200 === 7) continue; // removed
    if (id % 100 === 3)
      yield line.replace(/,(\d+)$/, ',9999'); // an edit (the last count)
    else yield line;
  }
  for (let id = rows; id < rows + rows / 200; id++) yield row(id, false, false); // added
});
