// Command reaper runs a command and measures the CPU time of every process below it exactly
// (Linux only): it makes itself a child subreaper (prctl PR_SET_CHILD_SUBREAPER), so that a
// process orphaned by its parent (a policy pack's process outlives the language host that starts
// it) is reparented to the reaper instead of to init, and it reaps every process that reaches it.
// Before reaping one it reads the zombie's /proc/<pid>/stat, whose utime and stime are that
// process's own CPU time. When no child is left it writes, as JSON to the file named by its first
// argument: the command's exit code and pid, the wall time to its exit and to the last one's, the CPU time of the whole tree (getrusage RUSAGE_CHILDREN:
// every process reaped by the reaper or by a process the reaper reaped), and each process it
// reaped with its own CPU time and that of the processes it had reaped itself.
//
// Usage: reaper OUT.json COMMAND [ARG...]; the command's stdio is the reaper's own; SIGINT and
// SIGTERM are passed on to it. The reaper exits with the command's exit code (128 + the signal
// that ended it).
//
// Used by bench/lib/reaper.ts (the engine bench), which builds it with the Go toolchain.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"
	"unsafe"
)

const (
	prSetChildSubreaper = 36
	// waitid(2) flags and idtype, from <sys/wait.h>.
	pAll    = 0
	wExited = 4
	wNoWait = 0x01000000
	// sysconf(_SC_CLK_TCK) on Linux: /proc/<pid>/stat counts CPU time in these ticks.
	clockTicks = 100
)

type process struct {
	Pid int `json:"pid"`
	// CPU time (user + system, ms) of the process itself.
	SelfCPUMs int64 `json:"selfCpuMs"`
	// CPU time (ms) of the processes it reaped (and they reaped) before it exited.
	ReapedCPUMs int64 `json:"reapedCpuMs"`
}

type report struct {
	ExitCode   int `json:"exitCode"`
	CommandPid int `json:"commandPid"`
	// Wall time (ms) from the command's start to its exit, and to the last process's.
	CommandWallMs int64     `json:"commandWallMs"`
	WallMs        int64     `json:"wallMs"`
	TreeCPUMs     int64     `json:"treeCpuMs"`
	Processes     []process `json:"processes"`
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "reaper: "+format+"\n", args...)
	os.Exit(2)
}

// statMs reads fields 14-17 (utime, stime, cutime, cstime) of /proc/<pid>/stat, in ms (0 and 0
// when it cannot be read).
func statMs(pid int) (self, reaped int64) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0, 0
	}
	s := string(b)
	// The command name (field 2) is in parentheses and may hold spaces.
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return 0, 0
	}
	f := strings.Fields(s[i+1:])
	// f[0] is field 3 (state); field n is f[n-3].
	if len(f) < 15 {
		return 0, 0
	}
	n := func(field int) int64 {
		v, _ := strconv.ParseInt(f[field-3], 10, 64)
		return v
	}
	return (n(14) + n(15)) * 1000 / clockTicks, (n(16) + n(17)) * 1000 / clockTicks
}

// nextZombie waits (without reaping) for a child to exit and returns its pid; 0 when there are no
// children left.
func nextZombie() int {
	// siginfo_t: si_signo, si_errno, si_code (3 x int32), then a union aligned to 8 bytes whose
	// first field, for SIGCHLD, is si_pid.
	var info [128]byte
	for {
		_, _, errno := syscall.Syscall6(syscall.SYS_WAITID, pAll, 0,
			uintptr(unsafe.Pointer(&info[0])), wExited|wNoWait, 0, 0)
		switch errno {
		case 0:
			return int(*(*int32)(unsafe.Pointer(&info[16])))
		case syscall.EINTR:
			continue
		case syscall.ECHILD:
			return 0
		default:
			fail("waitid: %v", errno)
		}
	}
}

func main() {
	if len(os.Args) < 3 {
		fail("usage: reaper OUT.json COMMAND [ARG...]")
	}
	out, argv := os.Args[1], os.Args[2:]
	if _, _, errno := syscall.RawSyscall(syscall.SYS_PRCTL, prSetChildSubreaper, 1, 0); errno != 0 {
		fail("prctl(PR_SET_CHILD_SUBREAPER): %v", errno)
	}
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, syscall.SIGINT, syscall.SIGTERM)
	attr := &os.ProcAttr{Files: []*os.File{os.Stdin, os.Stdout, os.Stderr}}
	path, err := exec.LookPath(argv[0])
	if err != nil {
		fail("%v", err)
	}
	start := time.Now()
	child, err := os.StartProcess(path, argv, attr)
	if err != nil {
		fail("start %s: %v", argv[0], err)
	}
	go func() {
		for s := range signals {
			_ = child.Signal(s)
		}
	}()
	rep := report{ExitCode: -1, CommandPid: child.Pid, Processes: []process{}}
	for pid := nextZombie(); pid != 0; pid = nextZombie() {
		self, reaped := statMs(pid)
		var status syscall.WaitStatus
		for {
			_, err := syscall.Wait4(pid, &status, 0, nil)
			if err != syscall.EINTR {
				break
			}
		}
		rep.Processes = append(rep.Processes, process{Pid: pid, SelfCPUMs: self, ReapedCPUMs: reaped})
		if pid == child.Pid {
			rep.CommandWallMs = time.Since(start).Milliseconds()
			if status.Signaled() {
				rep.ExitCode = 128 + int(status.Signal())
			} else {
				rep.ExitCode = status.ExitStatus()
			}
		}
	}
	rep.WallMs = time.Since(start).Milliseconds()
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_CHILDREN, &ru); err != nil {
		fail("getrusage: %v", err)
	}
	ms := func(t syscall.Timeval) int64 { return t.Sec*1000 + t.Usec/1000 }
	rep.TreeCPUMs = ms(ru.Utime) + ms(ru.Stime)
	b, _ := json.Marshal(rep)
	if err := os.WriteFile(out, b, 0o644); err != nil {
		fail("write %s: %v", out, err)
	}
	os.Exit(rep.ExitCode)
}
