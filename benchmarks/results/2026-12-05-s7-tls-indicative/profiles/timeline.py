import re, sys, collections, subprocess, json
f=sys.argv[1]; elapsed=json.load(open(sys.argv[2]))['elapsedSeconds']
txt=subprocess.run(['jfr','print','--events','jdk.ExecutionSample','--stack-depth','64',f],capture_output=True,text=True).stdout
evs=txt.split('jdk.ExecutionSample {')[1:]
def ts(e):
    m=re.search(r'startTime = (\d+):(\d+):(\d+)\.(\d+)',e); return int(m.group(1))*3600+int(m.group(2))*60+int(m.group(3))+float('0.'+m.group(4))
t=[ts(e) for e in evs]; t0=min(t); tend=max(t)
mstart=tend-elapsed
print(f"{f}: recording {tend-t0:.0f}s, measured window from +{mstart-t0:.0f}s (approx: last sample minus elapsedSeconds)")
tot=collections.Counter(); cold=collections.Counter(); tls=collections.Counter()
for e,x in zip(evs,t):
    k=int((x-t0)//10*10); tot[k]+=1
    if 'blockMult' in e or ('CounterMode.implCrypt' in e): cold[k]+=1
    if 'SSLEngineImpl.wrap' in e or 'SSLEngineImpl.unwrap' in e: tls[k]+=1
for k in sorted(tot): print(f"  +{k:3d}s {tot[k]:5d} samples, cipher Java-body {cold[k]:4d}, all TLS wrap/unwrap {tls[k]:4d}" + ("   <- measured" if k+10>mstart-t0 else ""))
inwin=[e for e,x in zip(evs,t) if x>=mstart]
c=sum(1 for e in inwin if 'blockMult' in e or 'CounterMode.implCrypt' in e); w=sum(1 for e in inwin if 'SSLEngineImpl.wrap' in e or 'SSLEngineImpl.unwrap' in e)
print(f"  in the measured window: {len(inwin)} samples, {100*w/max(1,len(inwin)):.1f} % TLS wrap/unwrap, {100*c/max(1,len(inwin)):.1f} % cipher in Java body (GHASH.blockMult / CounterMode.implCrypt)")
