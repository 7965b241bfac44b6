import { MemoryNotesServer } from './memory-notes-server';
import { notesServerContract } from './notes-server-contract';

notesServerContract('in-memory reference', async () => new MemoryNotesServer());
