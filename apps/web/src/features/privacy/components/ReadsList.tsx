import { useState } from 'react';
import { Accordion, List, Text } from '@mantine/core';
import { Loading, Pager } from '../../../components/ui';
import { dateTime } from '../../../lib/format';
import { useReads } from '../api';

const ROLE: Record<string, string> = { admin: 'centre', trainer: 'formateur', juror: 'membre du jury' };
const WHAT: Record<string, string> = { dp: 'le dossier professionnel', jury_dossier: 'le dossier de jury' };

/**
 * « Qui a consulté … » (issue 16, item 4): the read log of the learner's DP and jury dossier, newest
 * first, 20 a page — read only when opened. For the learner on « Mon livret » and for the centre.
 */
export function ReadsList({ learnerId, self = false }: { learnerId: string; self?: boolean }) {
  const [open, setOpen] = useState<string | null>(null);
  const [page, setPage] = useState(1);
  const reads = useReads(learnerId, page, open === 'reads');
  return (
    <Accordion value={open} onChange={setOpen} variant="contained" maw={640}>
      <Accordion.Item value="reads">
        <Accordion.Control>{self ? 'Qui a consulté mon dossier' : 'Qui a consulté le dossier de l’apprenant'}</Accordion.Control>
        <Accordion.Panel>
          {/* Only when open: a disabled query stays « pending », and a hidden loader would say the page is still loading. */}
          {open === 'reads' && (
            <Loading query={reads}>
              {(p) =>
                p.items.length === 0 ? (
                  <Text size="sm">Personne n’a encore consulté ce dossier (le centre, un formateur ou un membre du jury).</Text>
                ) : (
                  <>
                    <List size="sm" spacing={4} data-testid="reads">
                      {p.items.map((r) => (
                        <List.Item key={`${r.at}-${r.subjectId}-${r.reader.fullName}`}>
                          {dateTime(r.at)} — {r.reader.fullName} ({ROLE[r.reader.role] ?? r.reader.role}) a consulté{' '}
                          {WHAT[r.what] ?? r.what}
                        </List.Item>
                      ))}
                    </List>
                    <Pager page={p.page} pageSize={p.pageSize} total={p.total} onChange={setPage} />
                  </>
                )
              }
            </Loading>
          )}
        </Accordion.Panel>
      </Accordion.Item>
    </Accordion>
  );
}
