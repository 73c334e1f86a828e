// Issue 11, Compare Runs' parallel coordinates: brushes in data space (numeric and categorical axes),
// the intersection of several brushes, brushes restored from the webview state, and the pixel
// geometry of brushing and hovering (which axis, which line, drawing order, title overlap).
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { AxisView } from '../../src/views/compare/protocol';
import {
  activeBrushes,
  brushExtent,
  brushFromRange,
  describeBrush,
  fill,
  inBrush,
  keepBrushes,
  MAX_BRUSHES,
  parseBrushes,
  selectedRuns,
  withBrush,
  withoutBrush,
  type ParallelBrush,
} from '../../webview/compare/parallelBrush';
import {
  axisAt,
  drawOrder,
  lineAt,
  lineDistance,
  overlappingTitles,
  segmentDistance,
  type AxisFrame,
  type TitleBox,
} from '../../webview/compare/parallelGeometry';
import { defaultViewState, parseViewState } from '../../webview/compare/viewState';

const numeric = (id: string, values: (number | null)[]): AxisView => ({
  id,
  source: 'param',
  key: id,
  categories: null,
  values,
});
const categorical = (id: string, categories: string[], values: (number | null)[]): AxisView => ({
  id,
  source: 'param',
  key: id,
  categories,
  values,
});

// Five runs: lr, epochs (integers), model (text), a metric with a gap.
const lr = numeric('lr', [0.01, 0.1, 0.2, 0.5, 0.3]);
const epochs = numeric('epochs', [2, 3, 4, 4, 3]);
const model = categorical('model', ['cnn', 'mlp', 'rnn'], [0, 1, 0, 2, 1]);
const score = numeric('score', [0.8, null, 0.7, 0.9, 0.85]);
const ALL = [0, 1, 2, 3, 4];

describe('parallel coordinates brushes (data space)', () => {
  it('a numeric brush keeps the dragged range in data units, whichever way it was dragged', () => {
    assert.deepEqual(brushFromRange(lr, 0.45, 0.15), { axis: 'lr', min: 0.15, max: 0.45 });
    assert.equal(brushFromRange(lr, Number.NaN, 0.2), null);
    const brush = brushFromRange(lr, 0.15, 0.45)!;
    assert.deepEqual(
      selectedRuns([lr], ALL, [brush]),
      [false, false, true, false, true],
      'runs with 0.2 and 0.3 are inside, the bounds included',
    );
    assert.equal(inBrush(lr, 0.45, brush), true);
    assert.equal(inBrush(lr, null, brush), false, 'a missing value is never inside');
  });

  it('several brushes select the intersection; no brush selects every run', () => {
    const brushes: ParallelBrush[] = [
      { axis: 'lr', min: 0.1, max: 0.5 },
      { axis: 'epochs', min: 3.5, max: 4 },
    ];
    assert.deepEqual(selectedRuns([lr, epochs], ALL, brushes), [false, false, true, true, false]);
    assert.deepEqual(selectedRuns([lr, epochs], ALL, []), [true, true, true, true, true]);
    // Only the drawn runs are listed: the result follows runIndexes.
    assert.deepEqual(selectedRuns([lr, epochs], [3, 0], brushes), [true, false]);
  });

  it('a categorical brush takes every category whose band the drag touches, by name', () => {
    // Categories sit at 0, 1, 2; band k spans k − 0.5 … k + 0.5.
    assert.deepEqual(brushFromRange(model, 0.6, 0.9), { axis: 'model', categories: ['mlp'] });
    assert.deepEqual(brushFromRange(model, 0.4, 1.6), { axis: 'model', categories: ['cnn', 'mlp', 'rnn'] });
    assert.deepEqual(brushFromRange(model, 2.2, 1.7), { axis: 'model', categories: ['rnn'] });
    assert.equal(brushFromRange(model, 2.6, 3), null, 'above every band');
    const brush = brushFromRange(model, 0.6, 0.9)!;
    assert.deepEqual(selectedRuns([model], ALL, [brush]), [false, true, false, false, true]);
    // Kept by name: after the categories are renumbered (a new run brings 'gru'), mlp is still chosen.
    const renumbered = categorical('model', ['cnn', 'gru', 'mlp', 'rnn'], [0, 2, 0, 3, 2]);
    assert.deepEqual(selectedRuns([renumbered], ALL, [brush]), [false, true, false, false, true]);
    assert.deepEqual(brushExtent(renumbered, brush), { low: 1.6, high: 2.4 });
    assert.equal(brushExtent(categorical('model', ['x'], [0]), brush), null);
    assert.equal(describeBrush(brush), 'mlp');
  });

  it('combines numeric and categorical brushes, and a run missing a brushed value is out', () => {
    const brushes: ParallelBrush[] = [
      { axis: 'model', categories: ['cnn', 'mlp'] },
      { axis: 'score', min: 0.75, max: 1 },
    ];
    assert.deepEqual(selectedRuns([model, score], ALL, brushes), [true, false, false, false, true]);
  });

  it('applies a brush only on a chosen axis of its own kind', () => {
    const brushes: ParallelBrush[] = [
      { axis: 'model', min: 0, max: 1 }, // numeric on a categorical axis: ignored
      { axis: 'lr', categories: ['0.1'] }, // categorical on a numeric axis: ignored
      { axis: 'gone', min: 0, max: 1 }, // axis not chosen: ignored
      { axis: 'epochs', min: 4, max: 4 },
    ];
    assert.deepEqual([...activeBrushes(brushes, [lr, model, epochs]).keys()], [2]);
    assert.deepEqual(selectedRuns([lr, model, epochs], ALL, brushes), [false, false, true, true, false]);
  });

  it('replaces, removes and prunes brushes per axis', () => {
    const a: ParallelBrush = { axis: 'lr', min: 0, max: 1 };
    const b: ParallelBrush = { axis: 'epochs', min: 2, max: 3 };
    const a2: ParallelBrush = { axis: 'lr', min: 0.2, max: 0.3 };
    assert.deepEqual(withBrush([a, b], a2), [b, a2]);
    assert.deepEqual(withoutBrush([a, b], 'lr'), [b]);
    assert.deepEqual(keepBrushes([a, b], ['epochs', 'score']), [b]);
    assert.equal(describeBrush(a2), '0.2 – 0.3');
    assert.equal(describeBrush({ axis: 'epochs', min: 2.20128, max: 3.20057 }), '2.2 – 3.2');
    assert.equal(describeBrush({ axis: 'loss', min: 0.000012345, max: 123456 }), '1.23e-5 – 123000');
  });
});

describe('parallel coordinates brushes in the saved webview state', () => {
  it('restores well-formed brushes and drops malformed ones', () => {
    const raw = [
      { axis: 'lr', min: 0.5, max: 0.1 },
      { axis: 'model', categories: ['mlp', 3, 'mlp', 'cnn'] },
      { axis: 'a', min: 'x', max: 1 },
      { axis: 'b', min: Number.NaN, max: 1 },
      { axis: 'c', min: 0, max: Number.POSITIVE_INFINITY },
      { axis: 'd', categories: [] },
      { axis: '', min: 0, max: 1 },
      { axis: 7, min: 0, max: 1 },
      { axis: 'x'.repeat(5000), min: 0, max: 1 },
      null,
      'lr',
      [1, 2],
    ];
    assert.deepEqual(parseBrushes(raw), [
      { axis: 'lr', min: 0.1, max: 0.5 },
      { axis: 'model', categories: ['mlp', 'cnn'] },
    ]);
    assert.deepEqual(parseBrushes('garbage'), []);
    assert.deepEqual(parseBrushes({ axis: 'lr', min: 0, max: 1 }), []);
  });

  it('keeps one brush per axis (the last) and at most MAX_BRUSHES', () => {
    assert.deepEqual(
      parseBrushes([
        { axis: 'lr', min: 0, max: 1 },
        { axis: 'lr', min: 2, max: 3 },
      ]),
      [{ axis: 'lr', min: 2, max: 3 }],
    );
    const many = Array.from({ length: 1000 }, (_, i) => ({ axis: `a${i}`, min: 0, max: i }));
    const parsed = parseBrushes(many);
    assert.ok(parsed.length <= MAX_BRUSHES);
    const huge = { axis: 'model', categories: Array.from({ length: 20_000 }, (_, i) => `c${i}`) };
    assert.deepEqual(parseBrushes([huge]), []);
  });

  it('is part of the view state, parsed with the rest', () => {
    assert.deepEqual(defaultViewState().parallelBrushes, []);
    assert.deepEqual(parseViewState({ parallelBrushes: [{ axis: 'lr', min: 1, max: 0 }] }).parallelBrushes, [
      { axis: 'lr', min: 0, max: 1 },
    ]);
    assert.deepEqual(parseViewState({ parallelBrushes: 5 }).parallelBrushes, []);
    assert.deepEqual(parseViewState({}).parallelBrushes, []);
  });
});

describe('parallel coordinates pixel geometry', () => {
  const frame: AxisFrame = { xs: [100, 300, 500], top: 20, bottom: 420 };

  it('finds the axis under the pointer, only near it and within the plot', () => {
    assert.equal(axisAt(frame, 104, 200), 0);
    assert.equal(axisAt(frame, 290, 30), 1);
    assert.equal(axisAt(frame, 200, 200), -1, 'between axes');
    assert.equal(axisAt(frame, 500, 440), -1, 'below the plot');
    assert.equal(axisAt(frame, 500, 425), 2, 'a little below the bottom still grabs');
  });

  it('measures distances to segments and polylines', () => {
    assert.equal(segmentDistance(5, 5, 0, 0, 10, 0), 5);
    assert.equal(segmentDistance(-3, 4, 0, 0, 10, 0), 5, 'beyond an end: to the end point');
    assert.equal(segmentDistance(3, 4, 0, 0, 0, 0), 5, 'a zero-length segment');
    assert.equal(lineDistance(frame, [100, 100, 300], 200, 98), 2);
  });

  it('picks the nearest line within reach, and the one drawn on top among equals', () => {
    const lines = [
      [100, 100, 100],
      [110, 110, 110],
      [100, 100, 100],
    ];
    assert.equal(lineAt(frame, lines, [0, 1, 2], 200, 108), 1);
    assert.equal(lineAt(frame, lines, [0, 1, 2], 200, 101), 2, 'lines 0 and 2 coincide: 2 is on top');
    assert.equal(lineAt(frame, lines, [2, 1, 0], 200, 101), 0);
    assert.equal(lineAt(frame, lines, [0, 1, 2], 200, 150), -1, 'too far from every line');
  });

  it('draws dimmed lines first, selected ones over them, the hovered one last', () => {
    assert.deepEqual(drawOrder([true, false, true, false], -1), [1, 3, 0, 2]);
    assert.deepEqual(drawOrder([true, false, true, false], 3), [1, 0, 2, 3]);
    assert.deepEqual(drawOrder([true, true], 5), [0, 1]);
  });

  it('tells overlapping axis titles apart from tilted ones that clear each other', () => {
    const box = (x: number, rotation: number, width: number): TitleBox => ({
      x,
      y: 440,
      rotation,
      align: rotation === 0 ? 'center' : 'right',
      width,
      height: 14,
      offset: 0,
    });
    // Level titles 100 px apart: 120 px wide ones overlap, 80 px wide ones do not.
    assert.deepEqual(overlappingTitles([box(100, 0, 120), box(200, 0, 120)]), [[0, 1]]);
    assert.deepEqual(overlappingTitles([box(100, 0, 80), box(200, 0, 80)]), []);
    // Tilted by 30°, 100 px apart: 50 px across the text, more than a 14 px line: no overlap.
    const tilt = -Math.PI / 6;
    assert.deepEqual(overlappingTitles([box(100, tilt, 300), box(200, tilt, 300)]), []);
    // 20 px apart, tilted: 10 px across, less than a line: they overlap.
    assert.deepEqual(overlappingTitles([box(100, tilt, 300), box(120, tilt, 300)]), [[0, 1]]);
  });

  it('fills numbered placeholders', () => {
    assert.equal(fill('{0} of {1} runs selected', 3, 8), '3 of 8 runs selected');
    assert.equal(fill('{1} / {0} / {2}', 'a', 'b'), 'b / a / {2}');
  });
});
