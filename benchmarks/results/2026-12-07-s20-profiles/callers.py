import collections,sys
f,thr,target=sys.argv[1],sys.argv[2],sys.argv[3]; depth=int(sys.argv[4]) if len(sys.argv)>4 else 3
c=collections.Counter(); tot=0
for line in open(f):
    st,n=line.rsplit(' ',1); n=int(n)
    fr=st.split(';')
    if thr not in fr[0]: continue
    idx=[i for i,x in enumerate(fr) if target in x]
    if not idx: continue
    i=idx[0]; tot+=n
    c[' <- '.join(reversed(fr[max(1,i-depth):i]))]+=n
print('total',tot)
for k,v in c.most_common(15): print('%6d %s'%(v,k[:300]))
