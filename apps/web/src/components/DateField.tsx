import 'dayjs/locale/fr';
import { DateInput, type DateInputProps } from '@mantine/dates';

// Its own module: @mantine/dates and dayjs load only with the screens that have a date field.
const parseFrenchDate = (input: string): string | null => {
  const m = /^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$/.exec(input);
  if (!m) return null;
  return `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}`;
};

/** A date field in JJ/MM/AAAA (typed or picked); its value is AAAA-MM-JJ, as the API wants. */
export function DateField(
  props: Omit<DateInputProps, 'value' | 'onChange'> & { value: string | null; onChange: (value: string | null) => void },
) {
  const { value, onChange, ...rest } = props;
  return (
    <DateInput
      valueFormat="DD/MM/YYYY"
      placeholder="JJ/MM/AAAA"
      dateParser={parseFrenchDate}
      locale="fr"
      firstDayOfWeek={1}
      clearable
      clearButtonProps={{ 'aria-label': 'Effacer la date' }}
      {...rest}
      value={value}
      onChange={(v) => onChange(v ? String(v).slice(0, 10) : null)}
    />
  );
}
