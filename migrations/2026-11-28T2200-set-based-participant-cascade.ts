import { type Kysely, sql } from 'kysely'

// The purge deletes participants by the hundred thousand. Four foreign keys referenced
// participants with ON DELETE CASCADE (device checks, sessions, outbox, presence), and
// Postgres runs such a key's action as a trigger per deleted row and key: for each
// participant four separate lookups and DELETEs, 16,000 of them per batch of 2,000
// appointments, most of the purge's time. The same rules now hold through triggers that
// work per statement:
// - a child row may only name a participant that exists (checked, and the participant locked
//   FOR KEY SHARE until the end of the transaction, as the foreign key did, so that a
//   concurrent delete waits for the insert and then takes the new row with it);
// - every DELETE on participants removes the children of all the rows it deleted, with one
//   set-based DELETE per child table over the statement's transition table;
// - a participant's id never changes.
// The cascade reads what is committed when it runs, which is the foreign key's behaviour in
// READ COMMITTED, the isolation every writer here uses.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create function participant_must_exist() returns trigger language plpgsql as $$
    begin
      if new.participant_id is not null then
        perform 1 from participants where id = new.participant_id for key share;
        if not found then
          raise foreign_key_violation using
            message = format('insert or update on table "%s" names a participant that does not exist', tg_table_name),
            detail = format('Key (participant_id)=(%s) is not present in table "participants".', new.participant_id),
            table = tg_table_name, column = 'participant_id';
        end if;
      end if;
      return new;
    end $$`.execute(db)

  // The deleted ids as one array, looked up in each table's index on participant_id: the
  // purge's batches are rows written together, so these lookups stay on few pages (a hash join,
  // which the planner prefers for a few thousand rows, would read the whole table per batch).
  await sql`
    create function participants_delete_children() returns trigger language plpgsql as $$
    begin
      delete from device_checks where participant_id = any(array(select id from gone));
      delete from participant_sessions where participant_id = any(array(select id from gone));
      delete from outbox where participant_id = any(array(select id from gone));
      delete from call_presence where participant_id = any(array(select id from gone));
      return null;
    end $$`.execute(db)

  await sql`
    create function participant_id_is_fixed() returns trigger language plpgsql as $$
    begin
      raise foreign_key_violation using message = 'a participant''s id cannot change: other rows refer to it';
    end $$`.execute(db)

  for (const table of ['device_checks', 'participant_sessions', 'outbox', 'call_presence']) {
    await sql`alter table ${sql.table(table)} drop constraint ${sql.ref(`${table}_participant_id_fkey`)}`.execute(db)
    await sql`
      create trigger participant_must_exist before insert or update of participant_id on ${sql.table(table)}
      for each row execute function participant_must_exist()`.execute(db)
  }
  await sql`
    create trigger participants_delete_children after delete on participants
    referencing old table as gone for each statement execute function participants_delete_children()`.execute(db)
  await sql`
    create trigger participant_id_is_fixed before update of id on participants
    for each row when (old.id is distinct from new.id) execute function participant_id_is_fixed()`.execute(db)
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.')
}
