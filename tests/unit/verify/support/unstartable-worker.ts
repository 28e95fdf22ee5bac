// A worker script that fails while loading (as one would under a heap cap too small for its modules).
throw new Error('this worker cannot start');
