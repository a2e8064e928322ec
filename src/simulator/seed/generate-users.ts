import type { AuthMethod, SimUser } from '../sim-types';
import { authenticator, email, fido2, mobilePhone, password, softwareOath, windowsHello } from './methods';
import { createPrng } from './prng';

const FIRST = [
  'Aiden',
  'Beatriz',
  'Chen',
  'Divya',
  'Emeka',
  'Freya',
  'Goran',
  'Hiro',
  'Ines',
  'Jamal',
  'Kaia',
  'Luca',
  'Mei',
  'Noor',
  'Olu',
  'Priya',
  'Quinn',
  'Rafael',
  'Sana',
  'Tomas',
  'Uma',
  'Viktor',
  'Wen',
  'Yara',
];
const LAST = [
  'Adeyemi',
  'Berg',
  'Costa',
  'Dubois',
  'Eriksen',
  'Fischer',
  'Garcia',
  'Haddad',
  'Ivanova',
  'Jensen',
  'Kowalski',
  'Lindqvist',
  'Moreau',
  'Nakamura',
  'Okafor',
  'Patel',
  'Rossi',
  'Santos',
  'Tanaka',
  'Varga',
  'Weber',
  'Zhang',
];
const DEPARTMENTS = ['Sales', 'Finance', 'Engineering', 'Marketing', 'Operations', 'Legal', 'Support'];
const TITLES = ['Analyst', 'Engineer', 'Specialist', 'Consultant', 'Coordinator', 'Associate'];
const MANAGER_COUNT = 20;
const DAY = 86_400_000;
const NO_PHONES: string[] = Object.freeze([]) as unknown as string[];

/** Object id of generated user n (1-based); deterministic so tests can address them. */
export const generatedUserId = (n: number) => `d0000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

/**
 * Builds `count` deterministic users. Methods are not built here: `methodSeed`
 * lets materializeMethods() create them on first use, which keeps 100k users cheap.
 */
export function generateUsers(count: number, domain: string, now: number, topManagerId: string): SimUser[] {
  const random = createPrng(0xc0ffee);
  const users = new Array<SimUser>(count);
  for (let n = 1; n <= count; n++) {
    const given = FIRST[Math.floor(random() * FIRST.length)];
    const surname = LAST[Math.floor(random() * LAST.length)];
    const nickname = `${given}.${surname}${String(n).padStart(4, '0')}`.toLowerCase();
    // ~1% joined in the last 14 days; the rest spread over five years.
    const ageMs = random() < 0.01 ? random() * 14 * DAY : 14 * DAY + random() * 5 * 365 * DAY;
    const managerIndex = 1 + Math.floor(random() * MANAGER_COUNT);
    users[n - 1] = {
      id: generatedUserId(n),
      displayName: `${given} ${surname}`,
      givenName: given,
      surname,
      mail: `${nickname}@${domain}`,
      userPrincipalName: `${nickname}@${domain}`,
      mailNickname: nickname,
      jobTitle: n <= MANAGER_COUNT ? 'Manager' : TITLES[n % TITLES.length],
      department: DEPARTMENTS[n % DEPARTMENTS.length],
      officeLocation: null,
      mobilePhone: null,
      businessPhones: NO_PHONES,
      preferredLanguage: 'en-US',
      accountEnabled: random() > 0.02,
      createdDateTime: new Date(now - ageMs).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      userType: 'Member',
      managerId: n <= MANAGER_COUNT ? topManagerId : generatedUserId(Math.min(managerIndex, count)),
      methodSeed: Math.floor(random() * 0x7fffffff),
    };
  }
  return users;
}

/** ~80% registered, with a mix of strong methods; stable for a given user. */
export function materializeMethods(user: SimUser): AuthMethod[] {
  const random = createPrng(user.methodSeed ?? 1);
  const created = user.createdDateTime;
  const methods: AuthMethod[] = [password(created)];
  if (random() >= 0.8) return methods;
  const idFor = (k: number) => `${user.id.slice(0, 24)}${(k * 4096 + (user.methodSeed! % 4096)).toString(16).padStart(12, '0').slice(-12)}`;
  const roll = random();
  if (roll < 0.55) methods.push(authenticator(idFor(1), created, 'Android phone'));
  if (roll >= 0.35 || random() < 0.3)
    methods.push(mobilePhone(created, `+1 425555${String(Math.floor(random() * 10000)).padStart(4, '0')}`));
  if (random() < 0.1) methods.push(fido2(idFor(2), created));
  if (random() < 0.1) methods.push(windowsHello(idFor(3), created, `${user.mailNickname.split('.')[0].toUpperCase()}-PC`));
  if (random() < 0.05) methods.push(softwareOath(idFor(4), created));
  if (random() < 0.1 && user.mail) methods.push(email(created, user.mail.replace('@', '.personal@')));
  return methods;
}
