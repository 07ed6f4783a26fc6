import 'dayjs/locale/fr';
import { useEffect, useRef, useState } from 'react';
import { DateInput, type DateInputProps } from '@mantine/dates';

// Its own module: @mantine/dates and dayjs load only with the screens that have a date field.

type Parsed = { date: string } | { error: string } | null;

const FORMAT_ERROR = 'Format attendu : JJ/MM/AAAA';

/**
 * JJ/MM/AAAA, strictly: 31/02/2025 is an impossible date, never rolled over to 03/03/2025 (as
 * dayjs and Date do), and never sent. `null` while what is typed is not yet a whole date.
 */
export function parseFrenchDate(input: string): Parsed {
  const m = /^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$/.exec(input);
  if (!m) return null;
  const [day, month, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const dd = m[1].padStart(2, '0');
  const mm = m[2].padStart(2, '0');
  if (year < 1900 || month < 1 || month > 12 || day < 1) {
    return { error: `Date impossible : le ${dd}/${mm}/${m[3]} n'existe pas.` };
  }
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > daysInMonth) return { error: `Date impossible : le ${dd}/${mm}/${m[3]} n'existe pas.` };
  return { date: `${m[3]}-${mm}-${dd}` };
}

const day = (d: string | Date): string =>
  typeof d === 'string'
    ? d.slice(0, 10)
    : `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

/** A date before minDate or after maxDate, said in the field (DateInput would ignore it silently). */
function bound(limit: string | Date | undefined, date: string, side: 'avant' | 'après'): string | null {
  if (!limit) return null;
  const l = day(limit);
  if (side === 'avant' ? date >= l : date <= l) return null;
  return `La date ne peut pas être ${side} le ${l.slice(8, 10)}/${l.slice(5, 7)}/${l.slice(0, 4)}.`;
}

/**
 * A date field in JJ/MM/AAAA (typed or picked); its value is AAAA-MM-JJ, as the API wants.
 * What is typed stays as typed: an impossible or incomplete date is said in the field, the value
 * is then null and the field invalid (setCustomValidity), so that its form is not submitted.
 */
export function DateField(
  props: Omit<DateInputProps, 'value' | 'onChange'> & { value: string | null; onChange: (value: string | null) => void },
) {
  const { value, onChange, error, onBlur, ...rest } = props;
  const input = useRef<HTMLInputElement>(null);
  const [own, setOwn] = useState<string | null>(null);
  useEffect(() => {
    input.current?.setCustomValidity(own ?? '');
  }, [own]);
  return (
    <DateInput
      valueFormat="DD/MM/YYYY"
      placeholder="JJ/MM/AAAA"
      dateParser={(text) => {
        // Called by DateInput with each keystroke's text (never with an empty one).
        const parsed = parseFrenchDate(text);
        if (parsed && 'date' in parsed) {
          const limit = bound(rest.minDate, parsed.date, 'avant') ?? bound(rest.maxDate, parsed.date, 'après');
          if (limit) {
            setOwn(limit);
            if (value !== null) onChange(null);
            return null;
          }
          setOwn(null);
          return parsed.date;
        }
        setOwn(parsed?.error ?? null); // incomplete: said on blur, not at every keystroke
        if (value !== null) onChange(null);
        return null;
      }}
      fixOnBlur={false}
      locale="fr"
      firstDayOfWeek={1}
      clearable
      clearButtonProps={{ 'aria-label': 'Effacer la date' }}
      {...rest}
      ref={input}
      error={own ?? error}
      onBlur={(event) => {
        const text = event.currentTarget.value.trim();
        if (text === '') setOwn(null);
        else if (!parseFrenchDate(text)) setOwn(FORMAT_ERROR);
        onBlur?.(event);
      }}
      value={value}
      onChange={(v) => {
        setOwn(null); // emptied, cleared or picked in the calendar
        onChange(v ? String(v).slice(0, 10) : null);
      }}
    />
  );
}
