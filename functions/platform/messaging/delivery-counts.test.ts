import { describe, expect, it } from 'vitest';
import { countDelivery, deliveriesBetween, deliveryCounts } from './delivery-counts.ts';

describe('delivery counts', () => {
  it('totals what happened between two readings, by outcome, over every function', () => {
    countDelivery('a', 'processed');
    const before = deliveryCounts();
    countDelivery('a', 'processed');
    countDelivery('a', 'filtered');
    countDelivery('b', 'duplicate');
    countDelivery('b', 'processed');
    countDelivery('b', 'failed');
    countDelivery('b', 'filtered-upstream');
    expect(deliveriesBetween(before, deliveryCounts())).toEqual({
      processed: 2,
      duplicate: 1,
      'dead-lettered': 0,
      filtered: 1,
      'filtered-upstream': 1,
      failed: 1,
    });
  });

  it('hands out copies: a reading does not move with later deliveries', () => {
    const reading = deliveryCounts();
    countDelivery('c', 'dead-lettered');
    expect(reading.c).toBeUndefined();
  });
});
