-- Issue 13: the Hub links a missing episode the police notification could not match to a person (or corrects a
-- match). A person chosen by the Hub stands: a later notification's automatic match does not replace it.
alter table missing_episodes add column matched_by uuid references users (id);
alter table missing_episodes add column matched_at timestamptz;
