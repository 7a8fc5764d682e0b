import { groupedJobId, publishJobId, runAtOfJobId } from './jobs';

describe('publish job ids', () => {
  it('carry the run time, grouped by account or not', () => {
    const at = new Date('2027-03-15T13:00:00.123Z');
    const id = publishJobId('0c3e5d1a-1111-2222-3333-444455556666', at);
    expect(runAtOfJobId(id)).toBe(at.getTime());
    expect(runAtOfJobId(groupedJobId(id, '9b7e0c1d-aaaa-bbbb-cccc-ddddeeeeffff'))).toBe(at.getTime());
  });

  it('say nothing for ids of another shape', () => {
    for (const id of [undefined, 42, '', 'publish', 'publish:abc', 'publish:abc:soon', 'other:abc:1000'])
      expect(runAtOfJobId(id)).toBeUndefined();
  });
});
