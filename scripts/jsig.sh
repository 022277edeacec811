# Sourced by Tessera's launchers. OpenCL drivers that compile kernels with LLVM (pocl, for
# one) install their own SIGSEGV/SIGBUS/... handlers over the JVM's, and the JVM then dies on
# its own, normal, signal traps. The JDK's libjsig.so chains the handlers ("signal chaining").
if [ "$(uname -s)" = "Linux" ] && command -v java >/dev/null 2>&1; then
	_tessera_jsig="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")/lib/libjsig.so"
	if [ -f "$_tessera_jsig" ]; then
		case ":${LD_PRELOAD:-}:" in
			*libjsig*) ;;
			*) export LD_PRELOAD="${LD_PRELOAD:+$LD_PRELOAD:}$_tessera_jsig" ;;
		esac
	fi
	unset _tessera_jsig
fi
