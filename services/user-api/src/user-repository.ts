import { injectSlowQuery, type FaultSwitches } from './faults';
import type { User } from '../client/contract';
import type { UserStore } from './store/user-store';

/** Reads users from the store, with the slow-query fault waiting inside each query's span. */
export function createUserRepository(store: UserStore, faults: FaultSwitches) {
  const slowQuery = async (span: Parameters<typeof injectSlowQuery>[1]) => injectSlowQuery(await faults.current(), span);
  return {
    findUserById: (id: string): Promise<User | undefined> => store.findUserById(id, slowQuery),
    listUsers: (): Promise<User[]> => store.listUsers(slowQuery),
  };
}

export type UserRepository = ReturnType<typeof createUserRepository>;
