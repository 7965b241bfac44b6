-- Custom migration: a signed group note and its addenda are read-only for the database itself. An UPDATE of a row
-- whose signed_at was already set, and any UPDATE of an addendum, are refused (deletes stay possible: a group's
-- deletion cascades).
CREATE OR REPLACE FUNCTION group_notes_refuse_signed_change() RETURNS trigger AS $$
BEGIN
  IF OLD.signed_at IS NOT NULL THEN
    RAISE EXCEPTION 'group note % is signed and read-only', OLD.id;
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER group_notes_signed_read_only BEFORE UPDATE ON group_notes
  FOR EACH ROW EXECUTE FUNCTION group_notes_refuse_signed_change();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION group_note_addenda_refuse_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'group note addenda are read-only';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER group_note_addenda_read_only BEFORE UPDATE ON group_note_addenda
  FOR EACH ROW EXECUTE FUNCTION group_note_addenda_refuse_change();
