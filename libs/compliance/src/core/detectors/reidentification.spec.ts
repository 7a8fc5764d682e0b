import { check } from '../check';
import { Category, PracticeProfile } from '../types';

const practice: PracticeProfile = { name: 'Little Sprouts Pediatrics', addresses: ['77 Elm St., Riverside, CA 92501'] };

function categories(text: string): Category[] {
  return check(text, practice).findings.map((f) => f.category);
}

describe('re-identification by detail', () => {
  it('blocks uniqueness claims about patients', () => {
    expect(
      categories('The only set of triplets we see at our practice all got their sealants today! 👶👶👶'),
    ).toContain('reidentification');
    expect(
      categories('We treated the only professional bull rider in Emmett this year — his shoulder is healing great!'),
    ).toContain('reidentification');
    expect(
      check('The only set of triplets we see at our practice all got their sealants today!', practice).verdict,
    ).toBe('block');
  });

  it('blocks ages over 89 and passes general age advice', () => {
    for (const text of [
      'Our patient Mr. Kowalczyk turned 96 this week!',
      'This sweet lady is 92 years young and came in today for her checkup!',
      'Happy 100th birthday, Mr. Yamamoto!',
      'At 103, our oldest patient still walks to every appointment!',
    ]) {
      expect(categories(text)).toContain('age');
    }
    expect(check('Adults over 90 should keep up with flu shots. Fever of 99.5? Call us.', practice).verdict).toBe(
      'pass',
    );
  });

  it('reads ages over 89 in Spanish, not years ago, anniversaries or age groups', () => {
    for (const text of [
      '¡92 años y sigue bailando cumbia en nuestro café! Feliz cumpleaños, Don Nacho',
      'Doña Rosa cumple 97 este domingo.',
      'Una señora de 94 años nos trajo tamales.',
    ])
      expect(categories(text)).toContain('age');
    for (const text of [
      'Hace 90 años se fundó el hospital del pueblo.',
      'Celebramos 95 años de servicio a la comunidad.',
      'Los pacientes de más de 90 años pueden pedir visitas a domicilio.',
    ])
      expect(categories(text)).not.toContain('age');
  });

  it('blocks a rare condition with a small town, and a room number tied to a patient', () => {
    expect(
      categories(
        'We had a patient from the tiny town of Marfa with erythropoietic protoporphyria — one of only a few hundred cases!',
      ),
    ).toContain('reidentification');
    expect(categories('The patient in room 4 with the rare Fabry disease diagnosis is doing great today!')).toContain(
      'reidentification',
    );
  });

  it('passes general talk of rare conditions and rooms', () => {
    expect(check('Rare diseases affect 1 in 10 Americans. Learn more on Rare Disease Day!', practice).verdict).toBe(
      'pass',
    );
    expect(check('Our new exam room 3 has a ceiling TV for kids 📺', practice).verdict).toBe('pass');
  });
});
