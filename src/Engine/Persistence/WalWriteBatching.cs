using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace PropertyFlow.Engine.Persistence;

/// <summary>
/// A SQLite VFS that hands the write-ahead log each commit in one write. SQLite appends a commit to the log as two
/// writes per page — the 24-byte frame header, then the page — so a trigger's commit of 16 pages cost 32
/// <c>pwrite</c> calls, and those calls were most of the time the write gate was held (docs/benchmarks.md, Findings).
/// This VFS wraps the platform's own: every file but the log is the platform's file, untouched; on the log, writes
/// that follow one another are gathered in memory and written as one when the commit's last frame arrives.
/// </summary>
/// <remarks>
/// <para>
/// What reaches the disk, and when a commit returns, is what SQLite alone would have done: the gathered bytes are the
/// same bytes at the same offsets, and they are written before SQLite's write of the commit frame returns — before
/// SQLite publishes the commit to other connections in the log's index and before <c>COMMIT</c> returns. The commit
/// frame is the one whose header carries the database size (bytes 4–7 not zero; the log's format, sqlite.org/walformat).
/// Anything else SQLite asks of the log — a read, a sync, its size, a truncation, a file control, closing it — first
/// writes what is gathered, so SQLite never sees the file differ from what it wrote; a write that does not follow the
/// last (SQLite rewriting a frame in place) does too. A failed write of the gathered bytes is returned as the error of
/// the call that caused it (the commit, normally), and SQLite rolls back as it would for its own failed write.
/// </para>
/// <para>
/// Only the engine's connections open files through it (<see cref="Apply"/> names it in the connection's URI); other
/// connections to the same file use the platform VFS, and the two share SQLite's locks, because the files underneath
/// are the platform's own. Not used on Windows (its VFS keeps state this wrapper does not forward): there the engine
/// opens files as before.
/// </para>
/// </remarks>
internal static unsafe class WalWriteBatching
{
    /// <summary>The VFS's registered name: <c>propertyflow-wal-batching</c>.</summary>
    public const string VfsName = "propertyflow-wal-batching";

    private const int SqliteOk = 0;
    private const int SqliteNoMem = 7;
    private const int OpenWal = 0x00080000; // SQLITE_OPEN_WAL
    private const int FrameHeaderSize = 24;
    private const int FileControlJournalPointer = 28; // SQLITE_FCNTL_JOURNAL_POINTER

    /// <summary>
    /// Most bytes handed to the platform's write at once: 124 KB. SQLite's Unix VFS writes at most 128 KB less one
    /// byte per call (and, asked for more, reports the disk full once a remainder is a multiple of 128 KB).
    /// </summary>
    private const int MaxWrite = 124 << 10;

    /// <summary>Gathered bytes beyond this are written at once, commit or not (a large transaction's frames). 4 MB.</summary>
    private const int MaxGathered = 4 << 20;

    private static readonly Lock Gate = new();
    private static Vfs* _vfs;
    private static IoMethods* _logMethods;
    private static bool _tried;

    /// <summary>
    /// Writes SQLite asked of <paramref name="connection"/>'s log so far, and writes made of it; null when the log is
    /// not open or not opened through this VFS. For tests and the profile.
    /// </summary>
    internal static (long Asked, long Made)? LogWrites(SqliteConnection connection)
    {
        SqliteFile* journal = null;
        var db = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        if (Native.sqlite3_file_control(db.DangerousGetHandle(), null, FileControlJournalPointer, &journal) != SqliteOk
            || journal == null || journal->Methods != _logMethods || _logMethods == null)
        {
            return null;
        }

        var log = (LogFile*)journal;
        return (log->Asked, log->Made);
    }

    /// <summary>
    /// The connection string with its file opened through this VFS: the data source becomes a <c>file:</c> URI naming
    /// it. Returned unchanged for an in-memory, URI or <c>|DataDirectory|</c> data source (Microsoft.Data.Sqlite resolves
    /// those itself), on Windows, or when the VFS cannot be registered.
    /// </summary>
    public static string Apply(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        var source = builder.DataSource;
        SqliteProcess.Configure(); // registers this VFS, after the settings SQLite takes only before it starts
        if (string.IsNullOrEmpty(source) || source == ":memory:" || source.StartsWith("file:", StringComparison.OrdinalIgnoreCase)
            || source.Contains("|DataDirectory|", StringComparison.OrdinalIgnoreCase) || builder.Mode == SqliteOpenMode.Memory || !Registered)
        {
            return connectionString;
        }

        var segments = Path.GetFullPath(source).Split('/').Select(Uri.EscapeDataString);
        builder.DataSource = $"file:{string.Join('/', segments)}?vfs={VfsName}";
        return builder.ToString();
    }

    /// <summary>Whether the VFS is registered in this process (<see cref="Register"/> succeeded).</summary>
    private static bool Registered
    {
        get
        {
            lock (Gate)
            {
                return _vfs != null;
            }
        }
    }

    /// <summary>
    /// Registers the VFS once per process (not as the default); false where it is not used. Finding the platform VFS
    /// starts SQLite, so <see cref="SqliteProcess.Configure"/> calls this after the settings SQLite takes only before.
    /// </summary>
    internal static bool Register()
    {
        lock (Gate)
        {
            if (_tried)
            {
                return _vfs != null;
            }

            _tried = true;
            if (OperatingSystem.IsWindows())
            {
                return false;
            }

            var inner = (Vfs*)Native.sqlite3_vfs_find(null);
            if (inner == null || inner->Version != 3)
            {
                return false;
            }

            var vfs = (Vfs*)NativeMemory.AllocZeroed((nuint)sizeof(Vfs));
            *vfs = *inner;
            vfs->Next = null;
            vfs->Name = (byte*)Marshal.StringToCoTaskMemUTF8(VfsName);
            vfs->AppData = inner;
            vfs->OsFileSize = LogFile.HeaderSize + inner->OsFileSize;
            vfs->Open = &Open;

            if (Native.sqlite3_vfs_register(vfs, 0) != SqliteOk)
            {
                NativeMemory.Free(vfs);
                return false;
            }

            _vfs = vfs;
            return true;
        }
    }

    /// <summary>
    /// Opens a file through the platform VFS. Every file but a log is the platform's file in the memory SQLite gave,
    /// exactly as without this VFS; a log is that file behind a <see cref="LogFile"/> header.
    /// </summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int Open(Vfs* vfs, byte* name, SqliteFile* file, int flags, int* outFlags)
    {
        var inner = (Vfs*)vfs->AppData;
        if ((flags & OpenWal) == 0)
        {
            return inner->Open(inner, name, file, flags, outFlags);
        }

        var log = (LogFile*)file;
        var platformFile = (SqliteFile*)((byte*)file + LogFile.HeaderSize);
        *log = default;
        var rc = inner->Open(inner, name, platformFile, flags, outFlags);
        if (platformFile->Methods == null)
        {
            return rc; // nothing opened, so nothing for SQLite to close: Methods stays null
        }

        log->Inner = platformFile;
        log->Base.Methods = LogMethods(platformFile->Methods);
        return rc;
    }

    /// <summary>The log's methods: the platform's own version, each of them forwarding after writing what is gathered.</summary>
    private static IoMethods* LogMethods(IoMethods* platform)
    {
        lock (Gate)
        {
            if (_logMethods != null)
            {
                return _logMethods;
            }

            var methods = (IoMethods*)NativeMemory.AllocZeroed((nuint)sizeof(IoMethods));
            methods->Version = Math.Min(platform->Version, 3);
            methods->Close = &Close;
            methods->Read = &Read;
            methods->Write = &Write;
            methods->Truncate = &Truncate;
            methods->Sync = &Sync;
            methods->FileSize = &FileSize;
            methods->Lock = &LockFile;
            methods->Unlock = &Unlock;
            methods->CheckReservedLock = &CheckReservedLock;
            methods->FileControl = &FileControl;
            methods->SectorSize = &SectorSize;
            methods->DeviceCharacteristics = &DeviceCharacteristics;
            methods->ShmMap = &ShmMap;
            methods->ShmLock = &ShmLock;
            methods->ShmBarrier = &ShmBarrier;
            methods->ShmUnmap = &ShmUnmap;
            methods->Fetch = &Fetch;
            methods->Unfetch = &Unfetch;
            _logMethods = methods;
            return methods;
        }
    }

    /// <summary>
    /// Writes the gathered bytes, if any, at the offset the first of them was asked for: in one write up to
    /// <see cref="MaxWrite"/> bytes, in as few as that allows above it.
    /// </summary>
    private static int Flush(LogFile* log)
    {
        var inner = log->Inner;
        var rc = SqliteOk;
        for (var done = 0; done < log->Length && rc == SqliteOk; done += MaxWrite)
        {
            rc = inner->Methods->Write(inner, log->Buffer + done, Math.Min(MaxWrite, log->Length - done), log->Start + done);
            log->Made++;
        }

        log->Length = 0;
        log->CommitPending = 0;
        return rc;
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int Write(SqliteFile* file, byte* data, int amount, long offset)
    {
        var log = (LogFile*)file;
        log->Asked++;
        // Not the next byte (SQLite rewrites a frame it wrote earlier in this transaction), or more than is gathered at most.
        if ((log->Length > 0 && offset != log->Start + log->Length) || log->Length + (long)amount > MaxGathered)
        {
            var rc = Flush(log);
            if (rc != SqliteOk)
            {
                return rc;
            }
        }

        if (!Reserve(log, log->Length + amount))
        {
            return SqliteNoMem;
        }

        if (log->Length == 0)
        {
            log->Start = offset;
        }

        Buffer.MemoryCopy(data, log->Buffer + log->Length, log->Capacity - log->Length, amount);
        log->Length += amount;

        if (amount == FrameHeaderSize)
        {
            // A frame header: bytes 4-7 hold the database size in pages for a commit frame, zero otherwise.
            log->CommitPending = (data[4] | data[5] | data[6] | data[7]) != 0 ? 1 : 0;
            return SqliteOk;
        }

        // The page after a commit frame's header ends the commit: write it all before SQLite publishes it.
        return log->CommitPending != 0 ? Flush(log) : SqliteOk;
    }

    private static bool Reserve(LogFile* log, int needed)
    {
        if (needed <= log->Capacity)
        {
            return true;
        }

        var capacity = Math.Max(64 << 10, log->Capacity);
        while (capacity < needed)
        {
            capacity *= 2;
        }

        var grown = (byte*)NativeMemory.Realloc(log->Buffer, (nuint)capacity);
        if (grown == null)
        {
            return false;
        }

        log->Buffer = grown;
        log->Capacity = capacity;
        return true;
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int Close(SqliteFile* file)
    {
        var log = (LogFile*)file;
        var flushed = Flush(log);
        var rc = log->Inner->Methods->Close(log->Inner);
        NativeMemory.Free(log->Buffer);
        log->Buffer = null;
        log->Capacity = 0;
        return flushed != SqliteOk ? flushed : rc;
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int Read(SqliteFile* file, byte* data, int amount, long offset)
    {
        var log = (LogFile*)file;
        var rc = Flush(log);
        return rc != SqliteOk ? rc : log->Inner->Methods->Read(log->Inner, data, amount, offset);
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int Truncate(SqliteFile* file, long size)
    {
        var log = (LogFile*)file;
        var rc = Flush(log);
        return rc != SqliteOk ? rc : log->Inner->Methods->Truncate(log->Inner, size);
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int Sync(SqliteFile* file, int flags)
    {
        var log = (LogFile*)file;
        var rc = Flush(log);
        return rc != SqliteOk ? rc : log->Inner->Methods->Sync(log->Inner, flags);
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int FileSize(SqliteFile* file, long* size)
    {
        var log = (LogFile*)file;
        var rc = Flush(log);
        return rc != SqliteOk ? rc : log->Inner->Methods->FileSize(log->Inner, size);
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int LockFile(SqliteFile* file, int level)
    {
        var log = (LogFile*)file;
        return log->Inner->Methods->Lock(log->Inner, level);
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int Unlock(SqliteFile* file, int level)
    {
        var log = (LogFile*)file;
        return log->Inner->Methods->Unlock(log->Inner, level);
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int CheckReservedLock(SqliteFile* file, int* result)
    {
        var log = (LogFile*)file;
        return log->Inner->Methods->CheckReservedLock(log->Inner, result);
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int FileControl(SqliteFile* file, int op, void* arg)
    {
        var log = (LogFile*)file;
        var rc = Flush(log);
        return rc != SqliteOk ? rc : log->Inner->Methods->FileControl(log->Inner, op, arg);
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int SectorSize(SqliteFile* file)
    {
        var log = (LogFile*)file;
        return log->Inner->Methods->SectorSize(log->Inner);
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int DeviceCharacteristics(SqliteFile* file)
    {
        var log = (LogFile*)file;
        return log->Inner->Methods->DeviceCharacteristics(log->Inner);
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int ShmMap(SqliteFile* file, int page, int pageSize, int extend, void** mapped)
    {
        var log = (LogFile*)file;
        return log->Inner->Methods->ShmMap(log->Inner, page, pageSize, extend, mapped);
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int ShmLock(SqliteFile* file, int offset, int count, int flags)
    {
        var log = (LogFile*)file;
        return log->Inner->Methods->ShmLock(log->Inner, offset, count, flags);
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void ShmBarrier(SqliteFile* file)
    {
        var log = (LogFile*)file;
        log->Inner->Methods->ShmBarrier(log->Inner);
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int ShmUnmap(SqliteFile* file, int delete)
    {
        var log = (LogFile*)file;
        return log->Inner->Methods->ShmUnmap(log->Inner, delete);
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int Fetch(SqliteFile* file, long offset, int amount, void** page)
    {
        var log = (LogFile*)file;
        var rc = Flush(log);
        return rc != SqliteOk ? rc : log->Inner->Methods->Fetch(log->Inner, offset, amount, page);
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int Unfetch(SqliteFile* file, long offset, void* page)
    {
        var log = (LogFile*)file;
        return log->Inner->Methods->Unfetch(log->Inner, offset, page);
    }

    /// <summary><c>sqlite3_file</c>: a pointer to the file's methods, then the VFS's own state.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct SqliteFile
    {
        public IoMethods* Methods;
    }

    /// <summary>A log opened through this VFS: its state, then (at <see cref="HeaderSize"/>) the platform's file.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct LogFile
    {
        /// <summary>Bytes before the platform's file: this struct rounded up to 16.</summary>
        public static readonly int HeaderSize = (sizeof(LogFile) + 15) & ~15;

        public SqliteFile Base;
        public SqliteFile* Inner;
        public byte* Buffer;
        public long Start;
        public int Length;
        public int Capacity;
        public int CommitPending;
        public long Asked;
        public long Made;
    }

    /// <summary><c>sqlite3_io_methods</c>, version 3.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct IoMethods
    {
        public int Version;
        public delegate* unmanaged[Cdecl]<SqliteFile*, int> Close;
        public delegate* unmanaged[Cdecl]<SqliteFile*, byte*, int, long, int> Read;
        public delegate* unmanaged[Cdecl]<SqliteFile*, byte*, int, long, int> Write;
        public delegate* unmanaged[Cdecl]<SqliteFile*, long, int> Truncate;
        public delegate* unmanaged[Cdecl]<SqliteFile*, int, int> Sync;
        public delegate* unmanaged[Cdecl]<SqliteFile*, long*, int> FileSize;
        public delegate* unmanaged[Cdecl]<SqliteFile*, int, int> Lock;
        public delegate* unmanaged[Cdecl]<SqliteFile*, int, int> Unlock;
        public delegate* unmanaged[Cdecl]<SqliteFile*, int*, int> CheckReservedLock;
        public delegate* unmanaged[Cdecl]<SqliteFile*, int, void*, int> FileControl;
        public delegate* unmanaged[Cdecl]<SqliteFile*, int> SectorSize;
        public delegate* unmanaged[Cdecl]<SqliteFile*, int> DeviceCharacteristics;
        public delegate* unmanaged[Cdecl]<SqliteFile*, int, int, int, void**, int> ShmMap;
        public delegate* unmanaged[Cdecl]<SqliteFile*, int, int, int, int> ShmLock;
        public delegate* unmanaged[Cdecl]<SqliteFile*, void> ShmBarrier;
        public delegate* unmanaged[Cdecl]<SqliteFile*, int, int> ShmUnmap;
        public delegate* unmanaged[Cdecl]<SqliteFile*, long, int, void**, int> Fetch;
        public delegate* unmanaged[Cdecl]<SqliteFile*, long, void*, int> Unfetch;
    }

    /// <summary><c>sqlite3_vfs</c>, version 3. Only <see cref="Open"/> is this VFS's own; the rest are the platform's.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct Vfs
    {
        public int Version;
        public int OsFileSize;
        public int MaxPathname;
        public Vfs* Next;
        public byte* Name;
        public void* AppData;
        public delegate* unmanaged[Cdecl]<Vfs*, byte*, SqliteFile*, int, int*, int> Open;
        public void* Delete;
        public void* Access;
        public void* FullPathname;
        public void* DlOpen;
        public void* DlError;
        public void* DlSym;
        public void* DlClose;
        public void* Randomness;
        public void* Sleep;
        public void* CurrentTime;
        public void* GetLastError;
        public void* CurrentTimeInt64;
        public void* SetSystemCall;
        public void* GetSystemCall;
        public void* NextSystemCall;
    }

    private static class Native
    {
        [DllImport("e_sqlite3", CallingConvention = CallingConvention.Cdecl)]
        public static extern void* sqlite3_vfs_find(byte* name);

        [DllImport("e_sqlite3", CallingConvention = CallingConvention.Cdecl)]
        public static extern int sqlite3_vfs_register(Vfs* vfs, int makeDefault);

        [DllImport("e_sqlite3", CallingConvention = CallingConvention.Cdecl)]
        public static extern int sqlite3_file_control(IntPtr db, byte* name, int op, void* arg);
    }
}
