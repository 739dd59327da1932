import { describe, expect, it } from 'vitest'
import { blockRanges } from './purge.ts'

describe('blockRanges (the purge goes through the heap in these ranges)', () => {
  it('cuts consecutive blocks into ranges of about the batch size, in order, covering every block', () => {
    const blocks = Array.from({ length: 10 }, (_, i) => ({ block: 100 + i, n: 60 }))
    expect(blockRanges(blocks, 200)).toEqual([
      { from: 100, to: 103 },
      { from: 103, to: 106 },
      { from: 106, to: 109 },
      { from: 109, to: 110 },
    ])
  })

  it('spans a short gap but ends a range before a long one, so no range scans much that holds nothing', () => {
    const blocks = [
      { block: 0, n: 5 },
      { block: 4, n: 5 },
      { block: 9, n: 5 },
      { block: 10_000, n: 5 },
    ]
    expect(blockRanges(blocks, 2000)).toEqual([
      { from: 0, to: 10 },
      { from: 10_000, to: 10_001 },
    ])
  })

  it('gives a block holding more than a batch a range of its own', () => {
    expect(
      blockRanges(
        [
          { block: 1, n: 10 },
          { block: 2, n: 5000 },
          { block: 3, n: 10 },
        ],
        2000,
      ),
    ).toEqual([
      { from: 1, to: 2 },
      { from: 2, to: 3 },
      { from: 3, to: 4 },
    ])
  })

  it('has nothing to do without blocks', () => {
    expect(blockRanges([], 2000)).toEqual([])
  })
})
