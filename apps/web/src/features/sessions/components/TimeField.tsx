import { TimePicker, type TimePickerProps } from '@mantine/dates';

/**
 * A time of day in 24 h (« 08:30 »): two numeric fields, hours then minutes, typed key by key
 * (a « 8 » in the hours goes on to the minutes; the keyboard is numeric on a phone; ↑ ↓ change
 * them). No dropdown: open, it lay over the next field, and a click meant for that field picked
 * an hour. Its value is `HH:MM` as the API wants, or null while incomplete or emptied.
 * Uncontrolled inside: TimePicker clears both fields when its controlled value becomes empty,
 * which would wipe the minutes while the hours are being retyped. `value` is the initial value;
 * give the field a new `key` to reset it.
 */
export function TimeField(
  props: Omit<TimePickerProps, 'value' | 'onChange' | 'format' | 'withSeconds'> & {
    value: string | null;
    onChange: (value: string | null) => void;
  },
) {
  const { value, onChange, ...rest } = props;
  return (
    <TimePicker
      format="24h"
      withSeconds={false}
      clearable
      hoursInputLabel="Heures"
      minutesInputLabel="Minutes"
      hoursPlaceholder="HH"
      minutesPlaceholder="MM"
      clearButtonProps={{ 'aria-label': "Effacer l'heure" }}
      hoursInputProps={{ inputMode: 'numeric' }}
      minutesInputProps={{ inputMode: 'numeric' }}
      {...rest}
      defaultValue={value ? `${value}:00` : undefined}
      onChange={(v) => onChange(/^\d\d:\d\d/.test(v) ? v.slice(0, 5) : null)}
    />
  );
}
