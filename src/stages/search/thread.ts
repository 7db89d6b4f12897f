// A search thread: builds the shards of the search index it is given (see ShardHost).
import { serveTasks } from '../../core/pool.js';
import { ShardHost, type SearchTask } from './host.js';

const host = new ShardHost();
serveTasks((task: SearchTask) => host.handle(task));
