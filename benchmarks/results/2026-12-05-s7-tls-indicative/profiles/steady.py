import re, sys, collections, subprocess
f=sys.argv[1]; skip=float(sys.argv[2]) if len(sys.argv)>2 else 15
txt=subprocess.run(['jfr','print','--events','jdk.ExecutionSample','--stack-depth','64',f],capture_output=True,text=True).stdout
evs=txt.split('jdk.ExecutionSample {')[1:]
def ts(e):
    m=re.search(r'startTime = (\d+):(\d+):(\d+)\.(\d+)',e)
    return int(m.group(1))*3600+int(m.group(2))*60+int(m.group(3))
t0=min(ts(e) for e in evs)
keep=[e for e in evs if ts(e)>=t0+skip]
n=len(keep)
print(f"{f}: {len(evs)} samples, {n} after the first {skip}s")
cats=collections.OrderedDict([
 ('TLS wrap (SSLEngine.wrap, all)', lambda e: 'SSLEngineImpl.wrap' in e),
 ('  of which GHASH.blockMult (Java GHASH, JIT not done)', lambda e: 'blockMult' in e),
 ('TLS unwrap (SSLEngine.unwrap)', lambda e: 'SSLEngineImpl.unwrap' in e),
 ('socket write (SocketChannelImpl.write)', lambda e: 'SocketChannelImpl.write' in e),
 ('socket read (SocketChannelImpl.read)', lambda e: 'SocketChannelImpl.read' in e),
 ('buffer compact', lambda e: '.compact' in e),
 ('selector (select/epoll, Java side)', lambda e: 'EPollSelectorImpl.doSelect' in e and 'processEvents' not in e),
 ('TLS transport layer, all (ours: NioTransport TLS; official: SslTransportLayer)', lambda e: 'handleTlsReady' in e or 'SslTransportLayer' in e),
])
for name,fn in cats.items():
    c=sum(1 for e in keep if fn(e))
    print(f"  {100*c/n:5.1f} %  ({c:4d})  {name}")
th=collections.Counter()
for e in keep:
    m=re.search(r'sampledThread = "([^"]*)"',e)
    th[re.sub(r'\d+','N',m.group(1)) if m else '?']+=1
for k,v in th.most_common(8): print(f"  {100*v/n:5.1f} %  thread {k}")
