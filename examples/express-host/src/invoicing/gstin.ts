/*
 * GST identification numbers: 15 characters, `SS PPPPPPPPPP E Z C` — a state
 * code, the holder's PAN, an entity number, the letter Z, and a check
 * character computed from the first 14 (the GSTN's published mod-36 scheme).
 */

const CHARACTERS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const SHAPE = /^[0-9]{2}[A-Z]{5}[0-9]{4}[A-Z][1-9A-Z]Z[0-9A-Z]$/;

/** The GST state codes of the states and union territories, as the GSTN assigns them. */
const STATES: Readonly<Record<string, string>> = {
  '01': 'Jammu and Kashmir',
  '02': 'Himachal Pradesh',
  '03': 'Punjab',
  '04': 'Chandigarh',
  '05': 'Uttarakhand',
  '06': 'Haryana',
  '07': 'Delhi',
  '08': 'Rajasthan',
  '09': 'Uttar Pradesh',
  '10': 'Bihar',
  '11': 'Sikkim',
  '12': 'Arunachal Pradesh',
  '13': 'Nagaland',
  '14': 'Manipur',
  '15': 'Mizoram',
  '16': 'Tripura',
  '17': 'Meghalaya',
  '18': 'Assam',
  '19': 'West Bengal',
  '20': 'Jharkhand',
  '21': 'Odisha',
  '22': 'Chhattisgarh',
  '23': 'Madhya Pradesh',
  '24': 'Gujarat',
  '26': 'Dadra and Nagar Haveli and Daman and Diu',
  '27': 'Maharashtra',
  '29': 'Karnataka',
  '30': 'Goa',
  '31': 'Lakshadweep',
  '32': 'Kerala',
  '33': 'Tamil Nadu',
  '34': 'Puducherry',
  '35': 'Andaman and Nicobar Islands',
  '36': 'Telangana',
  '37': 'Andhra Pradesh',
  '38': 'Ladakh',
  '97': 'Other Territory',
};

/** The check character of a GSTIN's first 14 characters. */
export function gstinCheckCharacter(first14: string): string {
  let sum = 0;
  for (let i = 0; i < 14; i++) {
    const product = CHARACTERS.indexOf(first14.charAt(i)) * (i % 2 === 0 ? 1 : 2);
    sum += Math.floor(product / 36) + (product % 36);
  }
  return CHARACTERS.charAt((36 - (sum % 36)) % 36);
}

/** Why `gstin` is not a valid GSTIN, or `null` when it is. */
export function gstinProblem(gstin: string): string | null {
  if (!SHAPE.test(gstin)) return 'must be a 15-character GSTIN: state code, PAN, entity number, Z, check character';
  if (!STATES[gstin.slice(0, 2)]) return `starts with ${gstin.slice(0, 2)}, which is no GST state code`;
  if (gstinCheckCharacter(gstin.slice(0, 14)) !== gstin.charAt(14)) return 'has a wrong check character (a typo?)';
  return null;
}

/** The state or union territory a valid GSTIN is registered in. */
export function stateOfGstin(gstin: string): string {
  return STATES[gstin.slice(0, 2)] ?? 'unknown';
}
