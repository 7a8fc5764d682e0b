import { readyReplies } from './ready-replies';

describe('ready replies', () => {
  const base = { practiceName: 'Lakeside Dental', officePhone: '(555) 010-2000', afterHoursPhone: '(555) 010-2999' };

  it('points an urgent comment to 911 and the after-hours line, and self-harm to 988 first', () => {
    const physical = readyReplies({ ...base, labels: ['urgent', 'self_phi'], findings: [{ rule: 'urgent.airway' }] });
    expect(physical.map((r) => r.purpose)).toEqual(['emergency']);
    expect(physical[0].text).toMatch(/911/);
    expect(physical[0].text).toMatch(/\(555\) 010-2999/);
    const crisis = readyReplies({ ...base, labels: ['urgent'], findings: [{ rule: 'urgent.self-harm' }] });
    expect(crisis[0].purpose).toBe('crisis');
    expect(crisis[0].text).toMatch(/988/);
  });

  it('never offers a reply to spam and invites a call for health questions', () => {
    expect(readyReplies({ ...base, labels: ['spam'], findings: [] })).toEqual([]);
    const privacy = readyReplies({ ...base, labels: ['self_phi', 'medical_question'], findings: [] });
    expect(privacy[0].text).toMatch(/can't discuss/);
  });
});
